// Other builds of the panel script, for comparison. Each is the very same bundle as dist/webview.js
// (src/webview/main.ts, production options) with one thing changed:
//   everyFrame  no burst pacing: every animation frame with new text renders (pacing.ts's interval 0);
//   naive       also no pacing, and every render re-parses the whole answer and replaces the answer's
//               HTML (the renderer before incremental.ts), i.e. the panel as it was.
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const WEBVIEW = path.resolve(__dirname, '..', 'src', 'webview');

const NAIVE_RENDERER = `import { renderMarkdown } from './markdown';
export class StreamingAnswer {
  length = 0;
  private answer = '';
  constructor(private readonly root: HTMLElement) {}
  append(text: string): void {
    this.answer += text;
    this.length = this.answer.length;
    this.root.innerHTML = renderMarkdown(this.answer);
  }
}`;

function patch({ naive }) {
  return {
    name: 'bench-variant',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]webview[\\/]pacing\.ts$/ }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        const contents = source.replace(/(MIN|MAX)_INTERVAL_MS = \d+;/g, '$1_INTERVAL_MS = 0;');
        if ((contents.match(/_INTERVAL_MS = 0;/g) ?? []).length !== 2) throw new Error('bench: MIN_INTERVAL_MS / MAX_INTERVAL_MS not found in pacing.ts');
        return { contents, loader: 'ts', resolveDir: WEBVIEW };
      });
      if (naive) build.onLoad({ filter: /[\\/]src[\\/]webview[\\/]incremental\.ts$/ }, () => ({ contents: NAIVE_RENDERER, loader: 'ts', resolveDir: WEBVIEW }));
    },
  };
}

/** Builds a variant ({ naive: boolean }) of the panel script into `outfile`; returns `outfile`. */
async function buildVariant(outfile, options) {
  await esbuild.build({
    entryPoints: [path.join(WEBVIEW, 'main.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.ttf': 'file' },
    logLevel: 'warning',
    plugins: [patch(options)],
  });
  return outfile;
}

module.exports = { buildVariant };
