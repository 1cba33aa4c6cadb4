// Runs a model-written regular expression off the main thread (search_workspace). A JavaScript
// regex cannot be interrupted once it runs, and one with nested quantifiers, such as `(a+)+$`,
// can take longer than the universe on a line of forty characters — a length cap alone does not
// prevent that. In a worker it can be stopped: the worker is terminated when the time is up.
import { Worker } from 'node:worker_threads';

// Plain JavaScript given to the worker as source text, so it needs no file of its own in the
// bundle. It only matches: it never sees the file system or the port.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const re = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', (lines) => {
  const hits = [];
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) hits.push([i, m.index]);
  }
  parentPort.postMessage(hits);
});
`;

/** [line index, match offset] for each matching line. */
export type RegexHits = Array<[number, number]>;

export class RegexMatcher {
  private readonly worker: Worker;
  private failed: Error | undefined;

  /** `source` must already compile (the caller checks, to report a syntax error as such). */
  constructor(source: string, flags: string) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { source, flags },
      // A regex that allocates without bound is stopped by the limit, not by the host running out of memory.
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
    this.worker.on('error', (err) => (this.failed = err));
    this.worker.unref();
  }

  /** The matching lines, or 'timeout' when `deadline` (a Date.now() value) passes first; the worker is then stopped. */
  match(lines: readonly string[], deadline: number, signal: AbortSignal): Promise<RegexHits | 'timeout'> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        settle();
      };
      const onMessage = (hits: RegexHits) => done(() => resolve(hits));
      const onError = (err: Error) => done(() => reject(err));
      const onTimeout = () => done(() => (this.dispose(), resolve('timeout')));
      const onAbort = () => done(() => (this.dispose(), resolve('timeout')));
      const timer = setTimeout(onTimeout, Math.max(0, deadline - Date.now()));
      signal.addEventListener('abort', onAbort, { once: true });
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage(lines);
    });
  }

  dispose(): void {
    void this.worker.terminate();
  }
}
