#!/usr/bin/env node
// `npm run test:webview`: the webview tests (test/webview/) on the production panel bundle in
// headless Chromium (playwright-core, /usr/bin/chromium or $CHROMIUM). Builds what they need:
//   node esbuild.js --production --outdir=out/webview-dist   the shipped bundles, apart from dist/
//                                                           (which `npm test`'s later stages use as built)
//   node esbuild.js --tests                                  the tests and core, into out/ (skipped
//                                                           with WA_SKIP_BUILD=1: test-all built them)
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');
const { build } = require('./build');

const ROOT = path.resolve(__dirname, '..', '..');

build('webview', [['--production', '--outdir=out/webview-dist'], ...(process.env.WA_SKIP_BUILD === '1' ? [] : [['--tests']])]);
const r = spawnSync(
  process.execPath,
  [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--timeout', '60000', '--reporter', 'spec', '--enable-source-maps', 'out/test/webview/**/*.test.js', ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
