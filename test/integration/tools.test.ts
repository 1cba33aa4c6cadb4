// The workspace tools in the real extension host: the fake server plays a model that calls them, the
// extension runs them through VsCodeWorkspacePort (workspace.fs, findFiles, diagnostics, the
// selection, the git extension) and sends one output per call back (F1, F2, F6, E3).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { setUp, workspaceUri, type Harness } from './setup';

interface ToolOutputItem {
  type?: string;
  call_id?: string;
  output?: string;
}

describe('workspace tools in VS Code', () => {
  let h: Harness;

  /** Asks `question` with the fake model scripted to make `calls`, then answer; returns output per call id. */
  async function callTools(question: string, calls: Array<{ name: string; arguments: Record<string, unknown> }>): Promise<Record<string, string>> {
    const scripted = calls.map((c, i) => ({ ...c, callId: `call_${i}_${c.name}` }));
    h.fake.script('responses', { toolCalls: scripted }, { text: 'Done.' });
    await h.run('workspaceAssistant.ask', question);
    const input = (h.responses().at(-1)?.body as { input: ToolOutputItem[] }).input;
    const outputs = input.filter((i) => i.type === 'function_call_output');
    assert.deepEqual(outputs.map((o) => o.call_id), scripted.map((c) => c.callId), 'F6 one output per call, in order');
    return Object.fromEntries(outputs.map((o, i) => [calls[i].name + i, o.output ?? '']));
  }

  before(async () => {
    h = await setUp();
  });
  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.run('workspaceAssistant.newThread');
  });
  after(() => h.dispose());
  afterEach(() => assert.deepEqual(h.fake.violations, []));

  it('read_file, list_files and search_workspace read the workspace; .env, ignored and outside paths are refused (F1, F2)', async () => {
    const out = await callTools('Look around the workspace', [
      { name: 'list_files', arguments: { glob: null } },
      { name: 'read_file', arguments: { path: 'src/math.ts', startLine: 8, endLine: 13 } },
      { name: 'read_file', arguments: { path: '.env', startLine: null, endLine: null } },
      { name: 'read_file', arguments: { path: '../outside.txt', startLine: null, endLine: null } },
      { name: 'read_file', arguments: { path: 'fixtures/private/notes.md', startLine: null, endLine: null } },
      { name: 'search_workspace', arguments: { query: 'average', isRegex: null, glob: null } },
      { name: 'search_workspace', arguments: { query: 'SESSION_SECRET', isRegex: null, glob: null } },
    ]);
    assert.match(out.list_files0, /src\/math\.ts/);
    assert.match(out.list_files0, /src\/server\.py/);
    assert.doesNotMatch(out.list_files0, /\.env|notes\.md/, 'F2 denied and ignored files are not named');
    assert.match(out.read_file1, /export function average/);
    assert.doesNotMatch(out.read_file1, /export function percent/, 'only the lines asked for');
    assert.match(out.read_file2, /error/i);
    assert.doesNotMatch(out.read_file2, /SESSION_SECRET|DATABASE_URL/);
    assert.match(out.read_file3, /error/i);
    assert.match(out.read_file4, /\.assistantignore/);
    assert.doesNotMatch(out.read_file4, /Private notes/);
    assert.match(out.search_workspace5, /src\/math\.ts:\d+/);
    assert.doesNotMatch(out.search_workspace6, /DATABASE_URL|SESSION_SECRET=/, 'F2 search never shows .env lines');
    const turn = (await h.api.transcript()).at(-1);
    assert.equal(turn?.status, 'completed');
    assert.deepEqual(turn?.tools?.map((t) => t.name), ['list_files', 'read_file', 'read_file', 'read_file', 'read_file', 'search_workspace', 'search_workspace']);
    assert.deepEqual(turn?.tools?.map((t) => t.status), ['done', 'done', 'error', 'error', 'error', 'done', 'done']);
  });

  it('get_selection and get_diagnostics report what VS Code shows', async () => {
    const editor = await h.selectIn('src/math.ts', 8, 9);
    const diagnostics = vscode.languages.createDiagnosticCollection('wa-test');
    diagnostics.set(editor.document.uri, [new vscode.Diagnostic(new vscode.Range(8, 0, 8, 5), 'Off by one in the loop start', vscode.DiagnosticSeverity.Error)]);
    try {
      const out = await callTools('What is selected and what is wrong?', [
        { name: 'get_selection', arguments: {} },
        { name: 'get_diagnostics', arguments: { path: 'src/math.ts' } },
      ]);
      assert.match(out.get_selection0, /src\/math\.ts/);
      assert.match(out.get_selection0, /export function average/);
      assert.match(out.get_diagnostics1, /Off by one in the loop start/);
    } finally {
      diagnostics.dispose();
    }
  });

  it('get_git_diff shows an uncommitted change through the git extension', async function () {
    this.timeout(60_000);
    const root = vscode.workspace.workspaceFolders?.[0].uri.fsPath ?? '';
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: root });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const original = await vscode.workspace.fs.readFile(workspaceUri('src/server.py'));
    await vscode.workspace.fs.writeFile(workspaceUri('src/server.py'), new TextEncoder().encode('# a change for the diff\n'));
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
    try {
      // The git extension finds the new repository on its own time.
      let out = '';
      for (let i = 0; i < 20; i++) {
        out = (await callTools('What changed?', [{ name: 'get_git_diff', arguments: { path: null } }])).get_git_diff0;
        if (/a change for the diff/.test(out)) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      assert.match(out, /src\/server\.py/);
      assert.match(out, /\+# a change for the diff/);
    } finally {
      await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.writeFile(workspaceUri('src/server.py'), original);
    }
  });
});
