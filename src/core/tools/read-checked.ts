// Reading the file that was checked, not whatever its name leads to by the time it is read (hole 9
// of issue 10): the path was judged by its real location; a link swapped in afterwards must not
// re-point the read to a file outside the workspace or on the deny list.
import { open, realpath, stat } from 'node:fs/promises';
import { ToolUnavailableError } from './port';

/**
 * Reads `fsPath` through an open handle, and only if the handle is the file that was checked: the
 * name still leads to `checkedRealPath` (as `realPath` gave it, with `/` separators), and that
 * location is the very file opened (same device and inode). `beforeCheck` lets a test re-point the
 * name between the open and the check.
 */
export async function readChecked(fsPath: string, checkedRealPath: string, beforeCheck?: () => Promise<void>): Promise<Uint8Array> {
  const handle = await open(fsPath, 'r');
  try {
    await beforeCheck?.();
    const now = (await realpath(fsPath)).replace(/\\/g, '/');
    const [opened, there] = await Promise.all([handle.stat(), stat(now)]);
    if (now !== checkedRealPath || opened.ino !== there.ino || opened.dev !== there.dev) {
      throw new ToolUnavailableError('the file changed while it was being read (a link was re-pointed), so it was not read');
    }
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}
