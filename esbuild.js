// Builds the extension (Node, CommonJS, `vscode` external) and the webview (browser) bundles.
//   node esbuild.js               development build of both bundles, with source maps
//   node esbuild.js --production  minified, no source maps (what `vsce package` ships)
//   node esbuild.js --watch       rebuilds both bundles on change, with problem-matcher output
//   node esbuild.js --tests       transpiles src/ and test/ file by file into out/ for mocha
//   --outdir=DIR                  writes the bundles to DIR instead of dist/ (the webview tests use their own)
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const outdir = (process.argv.find((a) => a.startsWith('--outdir=')) ?? '--outdir=dist').slice('--outdir='.length);

/** Prints the lines the `$esbuild-watch` problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  plugins: watch ? [problemMatcher] : [],
};

/**
 * Leaves big libraries the extension needs only later out of extension.js, in bundles of their own
 * that it requires on first use (evaluating them at activation would more than double its time):
 * the openai SDK (src/core/sdk/sdk.ts requires `./exports`) and secretlint's rules
 * (src/core/secrets/secretlint-rules.ts). Under test, the same requires load node_modules.
 */
const APART = [
  { test: (args) => args.path === './exports' && path.basename(args.importer) === 'sdk.ts' && path.basename(path.dirname(args.importer)) === 'sdk', bundle: './openai.js' },
  { test: (args) => args.path === '@secretlint/secretlint-rule-preset-recommend', bundle: './secretlint-rules.js' },
];
const bundlesApart = {
  name: 'bundles-apart',
  setup(build) {
    build.onResolve({ filter: /^(\.\/exports|@secretlint\/secretlint-rule-preset-recommend)$/ }, (args) => {
      const apart = APART.find((a) => a.test(args));
      return apart ? { path: apart.bundle, external: true } : undefined;
    });
  },
};

const bundles = [
  {
    ...common,
    plugins: [...common.plugins, bundlesApart],
    entryPoints: ['src/host/extension.ts'],
    outfile: path.join(outdir, 'extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    // ES modules first: jsonc-parser's CommonJS build is UMD with requires a bundler cannot follow.
    mainFields: ['module', 'main'],
    // Lets activate() report how long loading the bundle plus activating took (see bench/).
    banner: { js: '"use strict";globalThis.__workspaceAssistantLoadStart = performance.now();' },
    footer: { js: 'globalThis.__workspaceAssistantLoadEnd = performance.now();' },
  },
  {
    // secretlint's recommended rules, loaded on the first text that could hold a secret.
    ...common,
    entryPoints: [require.resolve('@secretlint/secretlint-rule-preset-recommend')],
    outfile: path.join(outdir, 'secretlint-rules.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    mainFields: ['module', 'main'],
  },
  {
    // What the extension uses of the openai SDK, loaded on the first request (src/core/sdk/sdk.ts).
    ...common,
    entryPoints: ['src/core/sdk/exports.ts'],
    outfile: path.join(outdir, 'openai.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
  },
  {
    // The token encodings of OpenAI models (megabytes of tables), in bundles of their own that the
    // extension loads on the first history it counts (src/host/backends/open-backend.ts).
    ...common,
    sourcemap: false,
    entryPoints: Object.fromEntries(['o200k_base', 'cl100k_base'].map((name) => [`tokenizer-${name}`, require.resolve(`gpt-tokenizer/encoding/${name}`)])),
    outdir,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: path.join(outdir, 'webview.js'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.ttf': 'file' },
  },
  {
    ...common,
    entryPoints: ['src/webview/panel.css'],
    outfile: path.join(outdir, 'webview.css'),
    loader: { '.ttf': 'file' },
  },
];

function listTs(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

async function buildTests() {
  // File by file (no bundling) so that unit tests load the very modules the extension is made of.
  const entryPoints = ['src', 'test', 'bench'].filter((d) => fs.existsSync(d)).flatMap(listTs);
  await esbuild.build({
    entryPoints,
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
}

async function main() {
  if (tests) return buildTests();
  const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
