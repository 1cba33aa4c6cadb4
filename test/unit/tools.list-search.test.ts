// list_files and search_workspace: results, caps, and what is withheld (F2, F8, E3), with the
// regex guards (invalid expressions, runaway backtracking).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSearchTool, MAX_LISTED_FILES, MAX_SEARCH_MATCHES, MAX_TOOL_OUTPUT_CHARS, runToolCall } from '../../src/core/tools';
import { diskWorkspace, DiskWorkspace, errorOf, tempDir, writeTree, type Tree } from './tools.support';

type Ws = Awaited<ReturnType<typeof diskWorkspace>>;
const list = (port: DiskWorkspace, glob: string | null = null) => runToolCall({ name: 'list_files', arguments: JSON.stringify({ glob }) }, port);
const search = (port: DiskWorkspace, query: string, isRegex: boolean | null = null, glob: string | null = null, timeBudgetMs?: number) =>
  runToolCall({ name: 'search_workspace', arguments: JSON.stringify({ query, isRegex, glob }) }, port, timeBudgetMs ? { tools: [createSearchTool({ timeBudgetMs })] } : {});

const TREE: Tree = {
  'src/app.ts': 'import { helper } from "./util";\nconst API_URL = "https://example.com";\nhelper(API_URL);\n',
  'src/util.ts': 'export function helper(url: string) {\n  return fetch(url);\n}\n',
  'docs/guide.md': '# Guide\nCall Helper() first.\n',
  '.env': 'API_URL=https://internal\nAPI_KEY=abc123secret\n',
  '.assistantignore': 'drafts/\n',
  'drafts/idea.md': 'helper idea\n',
  '.git/config': '[core]\n helper = x\n',
  'assets/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 0x68, 0x65, 0x6c, 0x70, 0x65, 0x72]),
  'node_modules/lib/index.js': 'module.exports = helper;\n',
};

describe('tools: list_files', () => {
  let ws: Ws;
  beforeEach(async () => {
    ws = await diskWorkspace(TREE);
    ws.port.excludes = ['node_modules/**'];
  });
  afterEach(() => ws.dispose());

  it('lists every file, sorted, leaving out what the user excludes', async () => {
    const r = await list(ws.port);
    assert.equal(r.ok, true);
    const [header, ...rest] = r.output.split('\n');
    assert.equal(header, '5 files:');
    assert.deepEqual(rest.slice(0, 5), ['.assistantignore', 'assets/logo.png', 'docs/guide.md', 'src/app.ts', 'src/util.ts']);
    assert.ok(!r.output.includes('node_modules'));
  });

  it('F2 denied and ignored files are withheld: the count is given, the names are not', async () => {
    const r = await list(ws.port);
    for (const hidden of ['.env', 'drafts/idea.md', '.git/config']) assert.ok(!r.output.includes(hidden), hidden);
    assert.match(r.output, /\[3 files withheld by the deny list or \.assistantignore\.\]$/);
    assert.deepEqual(r.notices, ['3 files withheld from a listing by the deny list or .assistantignore']);
  });

  it('narrows by glob', async () => {
    const r = await list(ws.port, 'src/**/*.ts');
    assert.equal(r.output, '2 files matching "src/**/*.ts":\nsrc/app.ts\nsrc/util.ts');
  });

  it('says so when nothing matches', async () => {
    assert.equal((await list(ws.port, '**/*.rs')).output, 'No files match "**/*.rs".');
  });

  it('F1 a glob that reaches outside the workspace is refused', async () => {
    for (const glob of ['../**', '/etc/*', 'file:///etc/*', '~/x', '%2e%2e/*']) {
      const r = await list(ws.port, glob);
      assert.equal(r.ok, false, glob);
      assert.match(errorOf(r.output), /glob/, glob);
    }
    assert.ok(!ws.port.calls.some((c) => c.startsWith('listFiles')), 'the port never saw them');
  });

  it('F8 the listing is capped, and says a narrower glob shows more', async () => {
    const many: Tree = {};
    for (let i = 0; i < MAX_LISTED_FILES + 50; i++) many[`gen/file-${String(i).padStart(4, '0')}.txt`] = '';
    await writeTree(join(ws.dir, 'project'), many);
    const r = await list(ws.port, 'gen/*');
    assert.ok(r.output.length <= MAX_TOOL_OUTPUT_CHARS);
    assert.match(r.output, new RegExp(`^${MAX_LISTED_FILES} files matching`));
    assert.equal(r.output.split('\n').filter((l) => l.startsWith('gen/')).length, MAX_LISTED_FILES);
    assert.match(r.output, /More files match than the 500 shown; use a narrower glob/);
  });
});

describe('tools: search_workspace', () => {
  let ws: Ws;
  beforeEach(async () => {
    ws = await diskWorkspace(TREE);
    ws.port.excludes = ['node_modules/**'];
  });
  afterEach(() => ws.dispose());

  it('finds plain text case-insensitively, as path:line: text', async () => {
    const r = await search(ws.port, 'HELPER');
    assert.equal(r.ok, true);
    assert.deepEqual(r.output.split('\n'), [
      '4 matching lines for "HELPER":',
      'docs/guide.md:2: Call Helper() first.',
      'src/app.ts:1: import { helper } from "./util";',
      'src/app.ts:3: helper(API_URL);',
      'src/util.ts:1: export function helper(url: string) {',
      '[3 files withheld by the deny list or .assistantignore.]',
    ]);
    assert.equal(r.summary, 'Searched for "HELPER": 4 matches');
  });

  it('F2 never returns lines of denied or ignored files, and skips binaries', async () => {
    const r = await search(ws.port, 'API_');
    assert.ok(!r.output.includes('.env'), 'no .env line');
    assert.ok(!r.output.includes('internal') && !r.output.includes('abc123secret'));
    assert.ok(!ws.port.calls.some((c) => c === 'readFile .env' || c === 'readFile drafts/idea.md' || c === 'readFile .git/config'), 'denied files were not read');
    assert.ok(!(await search(ws.port, 'helper')).output.includes('logo.png'));
  });

  it('narrows by glob', async () => {
    const r = await search(ws.port, 'helper', false, 'src/util.ts');
    assert.equal(r.output, '1 matching line for "helper":\nsrc/util.ts:1: export function helper(url: string) {');
  });

  it('runs a regular expression when asked, case-insensitively', async () => {
    const r = await search(ws.port, '^\\s+return\\s+FETCH', true);
    assert.equal(r.output.split('\n')[1], 'src/util.ts:2: return fetch(url);');
    assert.match(r.output, /^1 matching line/);
  });

  it('treats regex characters literally unless isRegex is true', async () => {
    assert.match((await search(ws.port, 'Helper()')).output, /^1 matching line.*\ndocs\/guide\.md:2:/);
    assert.match((await search(ws.port, 'Helper()', true)).output, /^4 matching lines/);
  });

  it('F5 an invalid regular expression is an error the model can fix', async () => {
    const r = await search(ws.port, '(unclosed', true);
    assert.equal(r.ok, false);
    assert.match(errorOf(r.output), /invalid regular expression: .*Unterminated group/);
  });

  it('F5 an empty or overlong query is refused', async () => {
    assert.match(errorOf((await search(ws.port, '  ')).output), /query is empty/);
    assert.match(errorOf((await search(ws.port, 'a'.repeat(301), true)).output), /at most 300/);
  });

  it('F7 a catastrophically backtracking regex is stopped within the time budget', async function () {
    this.timeout(10_000);
    await writeTree(join(ws.dir, 'project'), { 'src/evil.txt': `${'a'.repeat(40)}!\n` });
    const started = Date.now();
    const r = await search(ws.port, '^(a+)+$', true, 'src/evil.txt', 300);
    const took = Date.now() - started;
    assert.equal(r.ok, false);
    assert.match(errorOf(r.output), /regular expression ran for over 0\.3 s and was stopped; use a simpler expression/);
    assert.ok(took < 3_000, `stopped after ${took} ms`);
  });

  it('E3 lines are redacted, and a regex cannot probe a secret by whether it matches', async () => {
    const token = `ghp_${'Zq9'.repeat(12)}`;
    await writeTree(join(ws.dir, 'project'), { 'src/ci.ts': `const ghToken = "${token}";\n` });
    const shown = await search(ws.port, 'ghToken');
    assert.match(shown.output, /src\/ci\.ts:1: const ghToken = "\[REDACTED: github-token\]";/);
    assert.ok(!shown.output.includes(token));
    assert.equal(shown.notices[0], 'Redacted 1 GitHub token in src/ci.ts');
    // The secret's own characters match nothing: the search runs over the redacted text.
    assert.match((await search(ws.port, 'ghp_Zq9', true)).output, /^No matches/);
    assert.match((await search(ws.port, 'Zq9Zq9')).output, /^No matches/);
  });

  it('F8 matches are capped and long lines are cut around the match', async () => {
    const lines = Array.from({ length: MAX_SEARCH_MATCHES + 20 }, (_, i) => `needle ${i}`).join('\n');
    await writeTree(join(ws.dir, 'project'), { 'many.txt': lines, 'long.txt': `${'x'.repeat(5_000)}needle${'y'.repeat(5_000)}` });
    const r = await search(ws.port, 'needle');
    assert.equal(r.output.split('\n').filter((l) => /^(many|long)\.txt:/.test(l)).length, MAX_SEARCH_MATCHES);
    assert.match(r.output, /Only the first 100 matching lines are shown; narrow the query or the glob/);
    const long = r.output.split('\n').find((l) => l.startsWith('long.txt:'));
    assert.ok(long, 'long.txt comes first in path order');
    assert.match(long, /^long\.txt:1: …x+needley+…$/);
    assert.ok(long.length < 250);
  });

  it('D6 searches every folder of a multi-root workspace, paths naming the folder', async () => {
    const tmp = await tempDir();
    try {
      await writeTree(tmp.dir, { 'a/x.ts': 'shared thing\n', 'b/y.ts': 'shared thing\n' });
      const port = new DiskWorkspace([
        { name: 'a', dir: join(tmp.dir, 'a') },
        { name: 'b', dir: join(tmp.dir, 'b') },
      ]);
      assert.equal((await search(port, 'shared')).output, '2 matching lines for "shared":\na/x.ts:1: shared thing\nb/y.ts:1: shared thing');
      assert.equal((await search(port, 'shared', false, 'b/**')).output, '1 matching line for "shared":\nb/y.ts:1: shared thing');
    } finally {
      await tmp.dispose();
    }
  });
});
