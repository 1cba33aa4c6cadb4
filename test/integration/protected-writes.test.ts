// C5 and B2 in the real extension host (hole 5 of issue 10): the panel's Insert at Cursor and Apply
// as Diff write a protected file (here .vscode/settings.json, and a link to it) only after a modal
// naming it and the reason, nothing on Cancel; an ordinary file is written without a question; no
// editor, or a document that is no file, gets a notice and no write. The modal is answered by
// stubbing window.showWarningMessage for the duration of a test.
import assert from 'node:assert/strict';
import { rm, symlink } from 'node:fs/promises';
import * as vscode from 'vscode';
import { REASONS } from '../../src/core/edits/protected-targets';
import { applyAsDiff, ProposalProvider } from '../../src/host/apply-diff';
import { insertAtCursor } from '../../src/host/edits/insert-at-cursor';
import { WriteGuard } from '../../src/host/edits/write-guard';
import { workspaceUri } from './setup';

const SETTINGS = '{\n  "editor.tabSize": 4\n}\n';
const CODE = '"editor.fontSize": 40,\n  ';

interface Shown {
  readonly message: string;
  readonly options: vscode.MessageOptions | undefined;
  readonly items: readonly string[];
}

type ShowMessage = (message: string, ...rest: unknown[]) => Thenable<unknown>;
const win = vscode.window as unknown as { showWarningMessage: ShowMessage; showInformationMessage: ShowMessage };

/** Replaces a message function until restored; `answer` picks the reply (undefined: Escape). */
function stub(name: 'showWarningMessage' | 'showInformationMessage', answer: (shown: Shown) => string | undefined): { calls: Shown[]; restore(): void } {
  const original = win[name];
  const calls: Shown[] = [];
  win[name] = (message, ...rest) => {
    const options = rest[0] && typeof rest[0] === 'object' ? (rest[0] as vscode.MessageOptions) : undefined;
    const items = rest.filter((r): r is string => typeof r === 'string');
    const shown = { message, options, items };
    calls.push(shown);
    return Promise.resolve(answer(shown));
  };
  return { calls, restore: () => void (win[name] = original) };
}

async function openAt(file: string, line: number, character: number): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(file)), vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

/** Drops unsaved changes, so closing the editors asks nothing and the file stays as on disk. */
async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

describe('C5 protected files are written only when the user says so (Insert at Cursor, Apply as Diff)', () => {
  const guard = new WriteGuard();
  const settings = () => workspaceUri('.vscode/settings.json');
  const link = () => workspaceUri('src/editor-settings.json');
  let warnings: ReturnType<typeof stub> | undefined;

  before(async () => {
    await vscode.workspace.fs.writeFile(settings(), new TextEncoder().encode(SETTINGS));
    await symlink('../.vscode/settings.json', link().fsPath);
  });
  afterEach(async () => {
    warnings?.restore();
    warnings = undefined;
    for (const document of vscode.workspace.textDocuments) await revert(document);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await rm(link().fsPath, { force: true });
    await vscode.workspace.fs.delete(workspaceUri('.vscode'), { recursive: true });
  });

  it('C5 B2 Insert at Cursor into .vscode/settings.json asks, naming the file and the reason; Cancel writes nothing', async () => {
    const editor = await openAt('.vscode/settings.json', 1, 2);
    warnings = stub('showWarningMessage', () => undefined);
    assert.equal(await insertAtCursor(CODE, editor, guard), false);
    assert.equal(warnings.calls.length, 1, 'one question');
    const [asked] = warnings.calls;
    assert.equal(asked.options?.modal, true, 'a modal');
    assert.match(asked.message, /\.vscode\/settings\.json/);
    assert.equal(asked.options?.detail, `.vscode/settings.json is protected: ${REASONS.workspaceSettings}.`);
    assert.deepEqual(asked.items, ['Insert']);
    assert.equal(editor.document.getText(), SETTINGS, 'nothing was inserted');
    assert.equal(editor.document.isDirty, false);
  });

  it('C5 B2 …and writes when the user confirms', async () => {
    const editor = await openAt('.vscode/settings.json', 1, 2);
    warnings = stub('showWarningMessage', (shown) => (shown.options?.modal ? 'Insert' : undefined));
    assert.equal(await insertAtCursor(CODE, editor, guard), true);
    assert.equal(warnings.calls.length, 1);
    assert.equal(editor.document.getText(), `{\n  ${CODE}"editor.tabSize": 4\n}\n`);
  });

  it('C5 an ordinary workspace file is written without a question', async () => {
    const editor = await openAt('src/math.ts', 0, 0);
    const before = editor.document.getText();
    warnings = stub('showWarningMessage', () => 'Insert');
    assert.equal(await insertAtCursor('// inserted\n', editor, guard), true);
    assert.equal(warnings.calls.length, 0, 'no question');
    assert.equal(editor.document.getText(), `// inserted\n${before}`);
  });

  it('C5 a file that links to .vscode/settings.json asks, naming where it leads', async () => {
    const editor = await openAt('src/editor-settings.json', 1, 2);
    warnings = stub('showWarningMessage', () => undefined);
    assert.equal(await insertAtCursor(CODE, editor, guard), false);
    assert.equal(warnings.calls.length, 1);
    assert.equal(warnings.calls[0].options?.detail, `src/editor-settings.json is protected: it links to .vscode/settings.json, which ${REASONS.workspaceSettings.replace(/^it /, '')}.`);
    assert.equal(editor.document.getText(), SETTINGS);
  });

  it('B2 no editor, or a document that is no file: a notice, and nothing is written', async () => {
    warnings = stub('showWarningMessage', () => 'Insert');
    assert.equal(await insertAtCursor(CODE, undefined, guard), false);
    assert.equal(warnings.calls.length, 1);
    assert.notEqual(warnings.calls[0].options?.modal, true, 'a notice, not a question');
    assert.match(warnings.calls[0].message, /open an editor/);

    const scheme = 'wa-test-readonly';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => 'generated text\n' });
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/view.txt' })));
      assert.equal(await insertAtCursor(CODE, editor, guard), false);
      assert.equal(warnings.calls.length, 2);
      assert.match(warnings.calls[1].message, /nothing was inserted into .*: it is not a file/);
      assert.equal(editor.document.getText(), 'generated text\n');
    } finally {
      provider.dispose();
    }
  });

  it('C5 Apply as Diff into .vscode/settings.json names it protected, with the reason; Cancel writes nothing', async () => {
    const proposals = new ProposalProvider();
    const registration = proposals.register();
    const editor = await openAt('.vscode/settings.json', 1, 2);
    editor.selection = new vscode.Selection(1, 2, 1, 21);
    warnings = stub('showWarningMessage', () => undefined);
    const infos = stub('showInformationMessage', () => 'Apply');
    try {
      await applyAsDiff('"editor.tabSize": 8', undefined, editor, proposals, guard);
    } finally {
      infos.restore();
      registration.dispose();
    }
    assert.equal(infos.calls.length, 0, 'not the ordinary question');
    assert.equal(warnings.calls.length, 1);
    assert.equal(warnings.calls[0].options?.modal, true);
    assert.match(warnings.calls[0].message, /Apply the proposed change to \.vscode\/settings\.json\?/);
    assert.match(warnings.calls[0].options?.detail ?? '', new RegExp(`^\\.vscode/settings\\.json is protected: ${REASONS.workspaceSettings}\\.`));
    assert.equal(editor.document.getText(), SETTINGS);
  });
});
