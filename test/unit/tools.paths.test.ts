// F1 path containment, F2 the path rules, D6 multi-root paths — through read_file, the tool that
// reads whatever path the model names.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runToolCall } from '../../src/core/tools';
import { diskWorkspace, DiskWorkspace, errorOf, tempDir, writeTree } from './tools.support';

const read = (port: DiskWorkspace, path: string) => runToolCall({ name: 'read_file', arguments: JSON.stringify({ path, startLine: null, endLine: null }) }, port);

describe('tools: path containment (F1)', () => {
  let ws: Awaited<ReturnType<typeof diskWorkspace>>;
  beforeEach(async () => {
    ws = await diskWorkspace({ 'src/app.ts': 'export const app = 1;\n', 'README.md': '# hi\n' });
    // Secrets next to the workspace, where `..` or a link would reach them.
    await writeFile(join(ws.dir, 'outside.txt'), 'OUTSIDE-SECRET\n');
    await mkdir(join(ws.dir, 'elsewhere'));
    await writeFile(join(ws.dir, 'elsewhere', 'notes.txt'), 'OUTSIDE-SECRET\n');
  });
  afterEach(() => ws.dispose());

  it('F1 reads a plain workspace-relative path', async () => {
    const r = await read(ws.port, 'src/app.ts');
    assert.equal(r.ok, true);
    assert.match(r.output, /export const app = 1;/);
  });

  const refused: Array<[string, string, RegExp]> = [
    ['a ".." segment', '../outside.txt', /"\.\." segment/],
    ['a ".." in the middle', 'src/../../outside.txt', /"\.\." segment/],
    ['a Windows-style "..\\"', '..\\outside.txt', /"\.\." segment/],
    ['an absolute POSIX path', '/etc/passwd', /absolute/],
    ['an absolute Windows path', 'C:\\Windows\\win.ini', /absolute/],
    ['a UNC path', '\\\\server\\share\\x', /absolute/],
    ['a home folder', '~/.bashrc', /"~"/],
    ['a file:// URI', 'file:///etc/passwd', /URI/],
    ['a vscode-remote URI', 'vscode-remote://ssh-remote+host/etc/passwd', /URI/],
    ['URL-encoded dots', '%2e%2e/outside.txt', /URL-encoded/],
    ['URL-encoded slashes', '..%2foutside.txt', /URL-encoded/],
    ['a NUL character', 'src/app.ts\0.png', /NUL/],
  ];
  for (const [what, path, reason] of refused) {
    it(`F1 refuses ${what} without touching the disk`, async () => {
      const r = await read(ws.port, path);
      assert.equal(r.ok, false);
      assert.match(errorOf(r.output), reason);
      assert.doesNotMatch(r.output, /OUTSIDE-SECRET/);
      assert.deepEqual(ws.port.calls.filter((c) => !c.endsWith('.assistantignore')), [], 'nothing but the ignore file was looked up');
    });
  }

  it('F1 a symlink out of the workspace is refused after resolving the real path', async () => {
    await writeTree(join(ws.dir, 'project'), { 'docs/link.txt': { link: join(ws.dir, 'outside.txt') } });
    const r = await read(ws.port, 'docs/link.txt');
    assert.equal(r.ok, false);
    assert.match(errorOf(r.output), /leads outside the workspace/);
    assert.doesNotMatch(r.output, /OUTSIDE-SECRET/);
    assert.ok(!ws.port.calls.some((c) => c.startsWith('readFile docs')), 'the link target was not read');
  });

  it('F1 a relative symlink out of the workspace is refused too', async () => {
    await writeTree(join(ws.dir, 'project'), { 'up.txt': { link: '../outside.txt' } });
    const r = await read(ws.port, 'up.txt');
    assert.match(errorOf(r.output), /leads outside the workspace/);
  });

  it('F1 a symlinked folder out of the workspace is refused for the files under it', async () => {
    await writeTree(join(ws.dir, 'project'), { vendor: { link: join(ws.dir, 'elsewhere') } });
    const r = await read(ws.port, 'vendor/notes.txt');
    assert.match(errorOf(r.output), /leads outside the workspace/);
    assert.doesNotMatch(r.output, /OUTSIDE-SECRET/);
  });

  it('F1 a symlink that stays inside the workspace is read, and says where it leads', async () => {
    await writeTree(join(ws.dir, 'project'), { 'alias.ts': { link: 'src/app.ts' } });
    const r = await read(ws.port, 'alias.ts');
    assert.equal(r.ok, true);
    assert.match(r.output, /^alias\.ts \(a link to src\/app\.ts\)/);
    assert.match(r.output, /export const app/);
  });

  it('F1 a path that does not exist is an error the model can act on', async () => {
    const r = await read(ws.port, 'src/missing.ts');
    assert.match(errorOf(r.output), /src\/missing\.ts does not exist/);
  });
});

describe('tools: path rules on reads (F2)', () => {
  let ws: Awaited<ReturnType<typeof diskWorkspace>>;
  beforeEach(async () => {
    ws = await diskWorkspace({
      '.env': 'API_KEY=sk-live-123\n',
      'config/.ssh/id_rsa': 'KEY\n',
      'private/plan.md': 'PRIVATE PLAN\n',
      '.assistantignore': 'private/\n',
      'src/app.ts': 'ok\n',
    });
  });
  afterEach(() => ws.dispose());

  it('F2 a file on the deny list is refused and never read', async () => {
    const r = await read(ws.port, '.env');
    assert.match(errorOf(r.output), /deny list/);
    assert.doesNotMatch(r.output, /sk-live/);
    assert.ok(!ws.port.calls.some((c) => c.includes('.env')), 'the file was not even looked up');
  });

  it('F2 a file under a denied folder is refused', async () => {
    assert.match(errorOf((await read(ws.port, 'config/.ssh/id_rsa')).output), /deny list/);
  });

  it('F2 a file excluded by .assistantignore is refused, with the rule named', async () => {
    const r = await read(ws.port, 'private/plan.md');
    assert.match(errorOf(r.output), /\.assistantignore \(rule "private\/"\)/);
    assert.doesNotMatch(r.output, /PRIVATE PLAN/);
  });

  it('F2 an edit to .assistantignore applies from the next call on', async () => {
    assert.equal((await read(ws.port, 'src/app.ts')).ok, true);
    await writeFile(join(ws.dir, 'project', '.assistantignore'), 'src/\n');
    assert.match(errorOf((await read(ws.port, 'src/app.ts')).output), /\.assistantignore/);
  });

  it('F2 an innocent-looking symlink to a denied file is refused under its real name', async () => {
    await writeTree(join(ws.dir, 'project'), { 'docs/settings.txt': { link: '../.env' } });
    const r = await read(ws.port, 'docs/settings.txt');
    assert.match(errorOf(r.output), /links to a file that is on the default deny list/);
    assert.doesNotMatch(r.output, /sk-live/);
  });

  it('F2 a symlink to an ignored file is refused under its real name', async () => {
    await writeTree(join(ws.dir, 'project'), { 'plan.md': { link: 'private/plan.md' } });
    assert.match(errorOf((await read(ws.port, 'plan.md')).output), /links to a file that is excluded by \.assistantignore/);
  });
});

describe('tools: multi-root paths (D6)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let port: DiskWorkspace;
  beforeEach(async () => {
    tmp = await tempDir();
    await writeTree(tmp.dir, {
      'web/src/index.ts': 'web index\n',
      'web/.assistantignore': 'generated/\n',
      'web/generated/api.ts': 'GENERATED\n',
      'api/src/index.ts': 'api index\n',
      'api/generated/api.ts': 'api generated\n',
      'api/shared.ts': { link: '../web/src/index.ts' },
    });
    port = new DiskWorkspace([
      { name: 'web', dir: join(tmp.dir, 'web') },
      { name: 'api', dir: join(tmp.dir, 'api') },
    ]);
  });
  afterEach(() => tmp.dispose());

  it('D6 paths name their folder first, and each folder resolves to its own files', async () => {
    assert.match((await read(port, 'web/src/index.ts')).output, /web index/);
    assert.match((await read(port, 'api/src/index.ts')).output, /api index/);
  });

  it('D6 a path without a folder name is refused with the folder names listed', async () => {
    const r = await read(port, 'src/index.ts');
    assert.match(errorOf(r.output), /starts with a folder name: "web\/…", "api\/…"/);
  });

  it("D6 each folder's .assistantignore applies to its own files only", async () => {
    assert.match(errorOf((await read(port, 'web/generated/api.ts')).output), /\.assistantignore/);
    assert.match((await read(port, 'api/generated/api.ts')).output, /api generated/);
  });

  it('D6 a symlink from one folder into another stays inside the workspace and is read', async () => {
    const r = await read(port, 'api/shared.ts');
    assert.equal(r.ok, true);
    assert.match(r.output, /a link to web\/src\/index\.ts/);
  });

  it('D6 with no folder open every path is refused', async () => {
    const r = await read(new DiskWorkspace([]), 'a.ts');
    assert.match(errorOf(r.output), /no workspace folder is open/);
  });
});
