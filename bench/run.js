// npm run bench: builds the production bundles (and the core, transpiled into out/), then prints each
// figure as a line `name: value`. A figure is an async function (context) → { name: value, … };
// add new ones to FIGURES. Arguments pick figures by name (`npm run bench -- render`).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { build } = require('../test/harness/build');
const { launch } = require('../test/harness/panel-browser');
const { sizeFigures } = require('./sizes');
const { renderFigures } = require('./render');
const { latencyFigures } = require('./latency');
const { resentFigures } = require('./resent');
const { activationFigures } = require('./activation');
const { historyFigures } = require('./history');
const { longThreadFigures } = require('./long-thread');
const { askFigures } = require('./ask-latency');

const FIGURES = [sizeFigures, renderFigures, latencyFigures, resentFigures, historyFigures, longThreadFigures, askFigures, activationFigures];

async function main() {
  build('bench', [['--production'], ['--tests']]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-bench-'));
  const browser = await launch();
  try {
    // `npm run bench -- render latency` runs only the figures whose function names start so.
    const only = process.argv.slice(2);
    for (const figure of FIGURES.filter((f) => !only.length || only.some((name) => f.name.startsWith(name)))) {
      for (const [name, value] of Object.entries(await figure({ browser, tmp }))) console.log(`${name}: ${value}`);
    }
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
