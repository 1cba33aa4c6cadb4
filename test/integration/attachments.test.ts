// What leaves the machine (E1–E5) in the real extension host: the editors' files, the deny list,
// .assistantignore, redaction, and files not re-sent while unchanged.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { setUp, workspaceUri, type Harness } from './setup';

describe('attachments in VS Code', () => {
  let h: Harness;

  before(async () => {
    h = await setUp();
  });
  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.run('workspaceAssistant.newThread');
  });
  after(() => h.dispose());
  afterEach(() => assert.deepEqual(h.fake.violations, []));

  it('sends the visible editors\' files with a question, and not again while they are unchanged', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('src/server.py')), vscode.ViewColumn.Two);
    await h.selectIn('src/math.ts', 3, 5);
    await h.run('workspaceAssistant.ask', 'What do these files do?');
    const first = h.sentText();
    assert.match(first, /File from `src\/server\.py` \(python\)/);
    assert.match(first, /File from `src\/math\.ts` \(typescript\)/);
    assert.match(first, /def /, 'the Python file itself is sent');

    await h.run('workspaceAssistant.ask', 'And now?');
    const second = h.sentText();
    assert.match(second, /File from `src\/server\.py`[^\n]*:\n`+python\n\(unchanged since it was last sent in this thread\)/);
    assert.doesNotMatch(second, /def /, 'the unchanged file is not sent again');

    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('server.py'));
    assert.ok(editor);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n'));
    await h.run('workspaceAssistant.ask', 'After the edit?');
    assert.match(h.sentText(), /# edited/, 'a changed file is sent again');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('E1 a link to a credentials file outside the workspace, and that file opened itself, are never sent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'wa-home-'));
    const secret = 'aws_secret_access_key = LINKEDSECRETVALUE0042';
    await mkdir(join(home, '.aws'));
    await writeFile(join(home, '.aws', 'credentials'), `[default]\n${secret}\n`);
    const link = workspaceUri('src/settings.ini');
    await symlink(join(home, '.aws', 'credentials'), link.fsPath);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(link), vscode.ViewColumn.Two);
      await h.selectIn('src/math.ts', 3, 5);
      await h.run('workspaceAssistant.ask', 'What is in the linked file?');
      assert.doesNotMatch(h.sentText(), /LINKEDSECRET|settings\.ini/);
      assert.match(h.sentText(), /src\/math\.ts/, 'negative control: the ordinary file is sent');

      // The credentials file itself, opened from outside the workspace: its name alone ("credentials") passed before.
      const outside = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(join(home, '.aws', 'credentials'))), vscode.ViewColumn.One);
      outside.selection = new vscode.Selection(0, 0, 1, secret.length);
      const before = h.responses().length;
      await vscode.commands.executeCommand('workspaceAssistant.explain');
      await h.api.idle();
      assert.equal(h.responses().length, before, 'the selection in ~/.aws/credentials was not sent');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await rm(link.fsPath, { force: true });
      await rm(home, { recursive: true, force: true });
    }
  });

  it('E1 a selection in .env is never sent, even when open', async () => {
    const before = h.responses().length;
    await h.selectIn('.env', 1, 1);
    await vscode.commands.executeCommand('workspaceAssistant.explain');
    await h.api.idle();
    assert.equal(h.responses().length, before, 'nothing was sent');
    await h.selectIn('src/math.ts', 3, 5);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('.env')), vscode.ViewColumn.Two);
    await h.run('workspaceAssistant.ask', 'Is .env attached?');
    assert.doesNotMatch(h.sentText(), /SESSION_SECRET|DATABASE_URL/);
    assert.doesNotMatch(h.sentText(), /`\.env`/);
  });

  it('E2 files listed in .assistantignore are not attached', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('fixtures/private/notes.md')), vscode.ViewColumn.Two);
    await h.selectIn('src/math.ts', 3, 5);
    await h.run('workspaceAssistant.ask', 'Anything private?');
    assert.doesNotMatch(h.sentText(), /Private notes|notes\.md/);
    assert.match(h.sentText(), /src\/math\.ts/);
  });

  it('E3 likely secrets in a selection are redacted before sending', async () => {
    const token = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: `const client = new Client({ token: '${token}' });\n` });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 0, doc.lineAt(0).text.length);
    await h.run('workspaceAssistant.explain');
    assert.ok(!h.sentText().includes(token), 'the token does not leave the machine');
    assert.match(h.sentText(), /\[REDACTED: [a-z-]+\]/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
