// extension-kb, webview-kb: the minified bundles `vsce package` ships (node esbuild.js --production):
// the extension's code with the bundles it loads later (the openai SDK, secretlint's rules), and the
// webview's. extension-activation-kb: the part evaluated at activation (the SDK loads on the first
// request, the rules on the first text to redact, token tables on the first count).
'use strict';

const fs = require('fs');
const path = require('path');

const DIST = path.resolve(__dirname, '..', 'dist');
const bytes = (file) => fs.statSync(path.join(DIST, file)).size;
const kb = (...files) => (files.reduce((sum, f) => sum + bytes(f), 0) / 1024).toFixed(1);

async function sizeFigures() {
  return { 'extension-kb': kb('extension.js', 'openai.js', 'secretlint-rules.js'), 'extension-activation-kb': kb('extension.js'), 'webview-kb': kb('webview.js') };
}

module.exports = { sizeFigures };
