// Hole 4 of issue 10: a workspace folder inside another is one set of files under two names; each
// file is judged by every folder that contains it, under its own ignore file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PathFilter, RootsFilter } from '../../src/core/attachments';
import { runToolCall } from '../../src/core/tools';
import { DiskWorkspace, tempDir, writeTree } from './tools.support';

const roots = () =>
  new RootsFilter(
    new Map([
      ['app', new PathFilter('packages/lib/private/\nbuild/\n')],
      ['lib', new PathFilter('secret.md\ndrafts/\n')],
      ['deep', new PathFilter('hidden.txt\n')],
      ['other', new PathFilter()],
    ]),
    [
      { outer: 'app', inner: 'lib', at: 'packages/lib' },
      { outer: 'lib', inner: 'deep', at: 'vendor/deep' },
      { outer: 'app', inner: 'deep', at: 'packages/lib/vendor/deep' },
    ],
  );

describe('nested workspace folders', () => {
  it('the inner folder\'s ignore file binds the file reached through the outer folder, in any spelling', () => {
    const filter = roots();
    for (const p of ['app/packages/lib/secret.md', 'app/packages/lib/drafts/plan.md', 'app/Packages/Lib/secret.md', 'lib/secret.md', 'app/packages/lib/vendor/deep/hidden.txt', 'lib/vendor/deep/hidden.txt']) {
      assert.equal(filter.denies(p).denied, true, p);
    }
    const verdict = filter.denies('app/packages/lib/secret.md');
    assert.match(verdict.denied ? verdict.reason : '', /\.assistantignore.*of the folder lib/);
  });

  it('the outer folder\'s ignore file binds the file reached through the inner folder', () => {
    const filter = roots();
    for (const p of ['lib/private/key.txt', 'deep/hidden.txt']) assert.equal(filter.denies(p).denied, true, p);
    assert.equal(filter.denies('lib/private/key.txt').denied, true);
  });

  it('negative controls: ordinary files under either name, and a folder beside them, pass', () => {
    const filter = roots();
    for (const p of ['app/packages/lib/index.ts', 'lib/index.ts', 'app/src/main.ts', 'other/secret.md', 'app/packages/library/secret.md']) {
      assert.equal(filter.denies(p).denied, false, p);
    }
  });

  it('read_file through the outer folder refuses what the inner folder ignores', async () => {
    const { dir, dispose } = await tempDir();
    try {
      await writeTree(dir, { 'app/packages/lib/.assistantignore': 'secret.md\n', 'app/packages/lib/secret.md': 'the secret plan\n', 'app/packages/lib/index.ts': 'export {};\n' });
      const port = new DiskWorkspace([{ name: 'app', dir: join(dir, 'app') }, { name: 'lib', dir: join(dir, 'app', 'packages', 'lib') }]);
      const read = (path: string) => runToolCall({ name: 'read_file', arguments: JSON.stringify({ path, startLine: null, endLine: null }) }, port);
      for (const path of ['app/packages/lib/secret.md', 'lib/secret.md']) {
        const r = await read(path);
        assert.equal(r.ok, false, path);
        assert.doesNotMatch(r.output, /secret plan/);
      }
      assert.equal((await read('app/packages/lib/index.ts')).ok, true);
    } finally {
      await dispose();
    }
  });
});
