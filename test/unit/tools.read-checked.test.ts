// Hole 9 of issue 10: a path checked by its real location is read through an open handle that is
// compared with that location, so a link swapped in between cannot re-point the read.
import assert from 'node:assert/strict';
import { rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runToolCall } from '../../src/core/tools';
import { diskWorkspace } from './tools.support';

const SECRET = 'aws_secret_access_key = SWAPPEDIN0042';
const read = (port: Parameters<typeof runToolCall>[1], path: string) => runToolCall({ name: 'read_file', arguments: JSON.stringify({ path, startLine: null, endLine: null }) }, port);

describe('reads go to the file that was checked', () => {
  let ws: Awaited<ReturnType<typeof diskWorkspace>>;
  let outside: string;
  beforeEach(async () => {
    ws = await diskWorkspace({ 'src/a.txt': 'an ordinary file\n', '.env': `${SECRET}\n` });
    outside = join(ws.dir, 'credentials');
    await writeFile(outside, `${SECRET}\n`);
  });
  afterEach(() => ws.dispose());

  /** Replaces src/a.txt by a link to `target`, atomically, as an attacker racing the read would. */
  const swap = async (target: string) => {
    const a = join(ws.dir, 'project', 'src', 'a.txt');
    await symlink(target, `${a}.tmp`);
    await rename(`${a}.tmp`, a);
  };

  it('negative control: an unchanged file is read', async () => {
    const r = await read(ws.port, 'src/a.txt');
    assert.equal(r.ok, true);
    assert.match(r.output, /an ordinary file/);
  });

  it('a link swapped in after the check, before the open, to a file outside the workspace or to .env: refused, nothing read', async () => {
    for (const target of [outside, join(ws.dir, 'project', '.env')]) {
      const stat = ws.port.stat.bind(ws.port);
      ws.port.stat = async (p) => {
        const s = await stat(p);
        await swap(target); // between the path checks and the read
        return s;
      };
      const r = await read(ws.port, 'src/a.txt');
      ws.port.stat = stat;
      assert.equal(r.ok, false, target);
      assert.doesNotMatch(r.output, /SWAPPEDIN/);
      assert.match(r.output, /changed while it was being read/);
      await rm(join(ws.dir, 'project', 'src', 'a.txt'));
      await writeFile(join(ws.dir, 'project', 'src', 'a.txt'), 'an ordinary file\n');
    }
  });

  it('a link swapped in after the open: refused, though the handle holds the ordinary file', async () => {
    ws.port.beforeCheck = () => swap(outside);
    const r = await read(ws.port, 'src/a.txt');
    assert.equal(r.ok, false);
    assert.doesNotMatch(r.output, /SWAPPEDIN|an ordinary file/);
  });
});
