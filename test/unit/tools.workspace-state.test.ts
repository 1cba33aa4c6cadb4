// get_diagnostics, get_selection and get_git_diff: what the port reports, filtered by the path
// rules (F2), redacted (E3) and capped (F8).
import assert from 'node:assert/strict';
import { MAX_DIAGNOSTICS, MAX_TOOL_OUTPUT_CHARS, runToolCall, ToolUnavailableError, type DiagnosticInfo } from '../../src/core/tools';
import { diskWorkspace, errorOf } from './tools.support';

type Ws = Awaited<ReturnType<typeof diskWorkspace>>;
const call = (ws: Ws, name: string, args: object = {}) => runToolCall({ name, arguments: JSON.stringify(args) }, ws.port);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

const diag = (path: string, line: number, severity: DiagnosticInfo['severity'], message: string, source?: string, code?: string): DiagnosticInfo => ({ path, line, column: 3, severity, message, source, code });

describe('tools: get_diagnostics', () => {
  let ws: Ws;
  beforeEach(async () => {
    ws = await diskWorkspace({ 'src/a.ts': 'x\n', 'src/b.ts': 'y\n', '.env': 'K=1\n' });
    ws.port.diagnosticsList = [
      diag('src/b.ts', 9, 'warning', "'y' is declared but never used.", 'ts', '6133'),
      diag('src/a.ts', 4, 'error', "Cannot find name 'foo'.", 'ts', '2304'),
      diag('.env', 1, 'error', 'Unexpected token K=1'),
      diag('src/a.ts', 2, 'hint', `Token ${JWT} looks odd\nsecond line`),
    ];
  });
  afterEach(() => ws.dispose());

  it('lists every file\'s problems, errors first, as path:line:column severity [source code]: message', async () => {
    const r = await call(ws, 'get_diagnostics', { path: null });
    assert.equal(r.ok, true);
    assert.deepEqual(r.output.split('\n'), [
      '3 problems in the workspace (1 error, 1 warning, 1 hint):',
      "src/a.ts:4:3 error [ts 2304]: Cannot find name 'foo'.",
      "src/b.ts:9:3 warning [ts 6133]: 'y' is declared but never used.",
      'src/a.ts:2:3 hint: Token [REDACTED: jwt] looks odd second line',
      '[1 problem withheld by the deny list or .assistantignore.]',
    ]);
  });

  it('E3 secrets in messages are redacted and the user is told', async () => {
    const r = await call(ws, 'get_diagnostics', { path: 'src/a.ts' });
    assert.ok(!r.output.includes(JWT));
    assert.deepEqual(r.notices, ['Redacted 1 likely secret in diagnostics of src/a.ts']);
  });

  it('narrows to one file', async () => {
    const r = await call(ws, 'get_diagnostics', { path: 'src/b.ts' });
    assert.equal(r.output, "1 problem in src/b.ts (1 warning):\nsrc/b.ts:9:3 warning [ts 6133]: 'y' is declared but never used.");
  });

  it('F2 a denied file\'s diagnostics are refused by name, F1 a path outside by its form', async () => {
    assert.match(errorOf((await call(ws, 'get_diagnostics', { path: '.env' })).output), /deny list/);
    assert.match(errorOf((await call(ws, 'get_diagnostics', { path: '../x.ts' })).output), /"\.\." segment/);
    assert.ok(!ws.port.calls.some((c) => c.startsWith('diagnostics .env')));
  });

  it('F8 at most MAX_DIAGNOSTICS are returned', async () => {
    ws.port.diagnosticsList = Array.from({ length: MAX_DIAGNOSTICS + 30 }, (_, i) => diag('src/a.ts', i + 1, 'error', 'e'));
    const r = await call(ws, 'get_diagnostics', { path: null });
    assert.equal(r.output.split('\n').filter((l) => l.startsWith('src/a.ts:')).length, MAX_DIAGNOSTICS);
    assert.match(r.output, /^230 problems/);
    assert.match(r.output, /\[Only the first 200 are shown\.\]/);
  });

  it('says so when there are no problems', async () => {
    ws.port.diagnosticsList = [];
    assert.equal((await call(ws, 'get_diagnostics', { path: null })).output, 'No problems reported in the workspace.');
  });
});

describe('tools: get_selection', () => {
  let ws: Ws;
  beforeEach(async () => {
    ws = await diskWorkspace({});
  });
  afterEach(() => ws.dispose());

  it('returns the selection with its file and lines', async () => {
    ws.port.currentSelection = { path: 'src/a.ts', languageId: 'typescript', startLine: 3, endLine: 4, text: 'const a = 1;\nconst b = 2;' };
    const r = await call(ws, 'get_selection');
    assert.equal(r.output, 'Selected in src/a.ts, lines 3-4 (typescript):\nconst a = 1;\nconst b = 2;');
    assert.equal(r.summary, 'Read the selection in src/a.ts, lines 3-4');
  });

  it('says so when nothing is selected', async () => {
    const r = await call(ws, 'get_selection');
    assert.equal(r.ok, true);
    assert.equal(r.output, 'Nothing is selected in the active editor.');
  });

  it('E3 redacts secrets in the selection', async () => {
    ws.port.currentSelection = { path: 'src/a.ts', languageId: 'typescript', startLine: 1, endLine: 1, text: `const jwt = "${JWT}";` };
    const r = await call(ws, 'get_selection');
    assert.ok(!r.output.includes(JWT));
    assert.match(r.output, /\[REDACTED: jwt\]/);
    assert.deepEqual(r.notices, ['Redacted 1 JSON Web Token in src/a.ts, lines 1-1']);
  });

  it('F2 a selection in a denied file is refused', async () => {
    ws.port.currentSelection = { path: 'deploy/.env.production', languageId: 'dotenv', startLine: 1, endLine: 1, text: 'DB=x' };
    const r = await call(ws, 'get_selection');
    assert.match(errorOf(r.output), /deny list/);
    assert.ok(!r.output.includes('DB=x'));
  });

  it('F8 a huge selection is cut and marked', async () => {
    ws.port.currentSelection = { path: 'a.txt', languageId: 'plaintext', startLine: 1, endLine: 1, text: 'q'.repeat(60_000) };
    const r = await call(ws, 'get_selection');
    assert.ok(r.output.length <= MAX_TOOL_OUTPUT_CHARS);
    assert.match(r.output, /\[truncated: /);
  });
});

describe('tools: get_git_diff', () => {
  let ws: Ws;
  const diffOf = (path: string, added: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1,2 @@\n context\n+${added}\n`;
  beforeEach(async () => {
    ws = await diskWorkspace({ 'src/a.ts': 'x\n', '.env': 'K=1\n' });
    ws.port.diffs = [
      { path: 'src/a.ts', diff: diffOf('src/a.ts', 'const added = 1;') },
      { path: '.env', diff: diffOf('.env', 'API_KEY=abc123') },
      { path: 'config/key.txt', diff: `diff --git a/config/key.txt b/config/key.txt\n@@ -0,0 +1,3 @@\n+-----BEGIN PRIVATE KEY-----\n+MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n+-----END PRIVATE KEY-----\n` },
    ];
  });
  afterEach(() => ws.dispose());

  it('returns the uncommitted changes, withholding denied files and redacting key blocks', async () => {
    const r = await call(ws, 'get_git_diff', { path: null });
    assert.equal(r.ok, true);
    assert.match(r.output, /^Uncommitted changes in the workspace \(2 files\):\ndiff --git a\/src\/a\.ts b\/src\/a\.ts\n/);
    assert.match(r.output, /\n\+const added = 1;\n/);
    assert.ok(!r.output.includes('.env') && !r.output.includes('abc123'), 'the .env diff is withheld');
    assert.ok(!r.output.includes('MIIEvQ'), 'the key body is redacted');
    assert.equal(r.output.split('\n').filter((l) => l === '[REDACTED: private-key]').length, 3);
    assert.match(r.output, /\[1 changed file withheld by the deny list or \.assistantignore\.\]$/);
    assert.ok(r.notices.includes('Redacted 1 private key in the diff of config/key.txt'));
  });

  it('narrows to one file', async () => {
    const r = await call(ws, 'get_git_diff', { path: 'src/a.ts' });
    assert.deepEqual(ws.port.calls.filter((c) => c.startsWith('gitDiff')), ['gitDiff src/a.ts']);
    assert.match(r.output, /^Uncommitted changes in src\/a\.ts \(1 file\):/);
  });

  it('accepts a deleted file (no real path) under its checked name', async () => {
    ws.port.diffs = [{ path: 'src/gone.ts', diff: 'diff --git a/src/gone.ts b/src/gone.ts\ndeleted file mode 100644\n' }];
    const r = await call(ws, 'get_git_diff', { path: 'src/gone.ts' });
    assert.equal(r.ok, true);
    assert.match(r.output, /deleted file mode/);
  });

  it('F2 a denied path is refused before git is asked', async () => {
    assert.match(errorOf((await call(ws, 'get_git_diff', { path: '.env' })).output), /deny list/);
    assert.ok(!ws.port.calls.some((c) => c.startsWith('gitDiff')));
  });

  it('says so when nothing changed', async () => {
    ws.port.diffs = [];
    assert.equal((await call(ws, 'get_git_diff', { path: null })).output, 'No uncommitted changes in the workspace.');
  });

  it('gives a clear error when git is unavailable', async () => {
    ws.port.diffs = new ToolUnavailableError('Git is not available: the built-in Git extension is disabled or not installed.');
    const r = await call(ws, 'get_git_diff', { path: null });
    assert.equal(r.ok, false);
    assert.equal(errorOf(r.output), 'Git is not available: the built-in Git extension is disabled or not installed.');
  });

  it('F8 a huge diff is cut and marked', async () => {
    ws.port.diffs = [{ path: 'src/a.ts', diff: diffOf('src/a.ts', 'w'.repeat(50_000)) }];
    const r = await call(ws, 'get_git_diff', { path: null });
    assert.ok(r.output.length <= MAX_TOOL_OUTPUT_CHARS);
    assert.match(r.output, /\[truncated: /);
  });
});
