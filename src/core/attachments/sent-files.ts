// What each file looked like when it was last sent in a thread, so an unchanged file is not sent
// (and paid for) again on every turn. Kept per thread by the thread store, as plain JSON.
import { sha256 } from '../atomic-file';

export class SentFiles {
  // A Map, not an object: paths such as `__proto__` or `constructor` must be ordinary keys.
  private readonly hashes = new Map<string, string>();

  /** @param initial what `toJSON()` returned earlier; entries that are not strings are dropped. */
  constructor(initial?: Record<string, string>) {
    if (initial && typeof initial === 'object') {
      for (const [path, hash] of Object.entries(initial)) {
        if (typeof hash === 'string') this.hashes.set(path, hash);
      }
    }
  }

  /** sha256 of the text as it would be sent (after redaction), hex. */
  hashOf(text: string): string {
    return sha256(text);
  }

  isUnchanged(path: string, hash: string): boolean {
    return this.hashes.get(path) === hash;
  }

  record(path: string, hash: string): void {
    this.hashes.set(path, hash);
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this.hashes);
  }
}
