// The panel script as it was before incremental rendering, for comparison: the very same bundle
// (src/webview/main.ts, production options), except that every frame re-parses the whole answer and
// replaces the answer's HTML — the old renderAnswer — instead of src/webview/incremental.ts.
'use strict';

const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');

const naiveRenderer = {
  name: 'naive-renderer',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]webview[\\/]incremental\.ts$/ }, () => ({
      loader: 'ts',
      resolveDir: path.join(ROOT, 'src', 'webview'),
      contents: `import { renderMarkdown } from './markdown';
        export class StreamingAnswer {
          constructor(private readonly root: HTMLElement) {}
          update(answer: string): void { this.root.innerHTML = renderMarkdown(answer); }
        }`,
    }));
  },
};

/** Builds the naive panel script into `outfile`. */
async function buildNaive(outfile) {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'webview', 'main.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.ttf': 'file' },
    logLevel: 'warning',
    plugins: [naiveRenderer],
  });
  return outfile;
}

module.exports = { buildNaive };
