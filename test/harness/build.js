// Runs this repo's esbuild steps for the harness runners; exits the process on a failed build.
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** `steps`: argument lists for esbuild.js, e.g. [[], ['--tests']]. `tag` prefixes the error. */
function build(tag, steps = [[], ['--tests']]) {
  for (const extra of steps) {
    const args = ['esbuild.js', ...extra];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`[${tag}] node ${args.join(' ')} failed`);
      process.exit(r.status || 1);
    }
  }
}

module.exports = { build };
