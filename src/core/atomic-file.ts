// Writes that a crash cannot leave half done: the text goes to a temporary file beside the target,
// which is then renamed over it (a rename within one folder is atomic), so a reader sees the old
// version or the new one, never a mix.
import { createHash, randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** sha256 of a text (UTF-8), hex: how the extension tells whether what it sent has changed. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
