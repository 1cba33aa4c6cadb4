// extension-kb, webview-kb: the minified bundles `vsce package` ships (node esbuild.js --production).
'use strict';

const fs = require('fs');
const path = require('path');

const DIST = path.resolve(__dirname, '..', 'dist');
const kb = (file) => (fs.statSync(path.join(DIST, file)).size / 1024).toFixed(1);

async function sizeFigures() {
  return { 'extension-kb': kb('extension.js'), 'webview-kb': kb('webview.js') };
}

module.exports = { sizeFigures };
