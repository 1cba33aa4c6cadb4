// Apply as Diff: shows the proposed code against the code it replaces in VS Code's diff editor,
// and changes the file only when the user accepts (B2: a webview message alone writes nothing). A
// protected file (src/core/edits/protected-targets.ts, C5) is named as such, with the reason.
import * as vscode from 'vscode';
import { protectedNote } from '../core/edits/protected-targets';
import type { Attachment } from '../shared/turn';
import { fileOf, labelOf, unwritableReason, type WriteGuard } from './edits/write-guard';

const SCHEME = 'workspace-assistant-proposal';

/** Serves the proposed versions of documents to the diff editor. */
export class ProposalProvider implements vscode.TextDocumentContentProvider {
  private readonly proposals = new Map<string, string>();
  private counter = 0;

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  add(original: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: original.path, query: String(++this.counter) });
    this.proposals.set(uri.toString(), text);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.proposals.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString()) ?? '';
  }
}

interface Target {
  readonly document: vscode.TextDocument;
  readonly range: vscode.Range;
}

/** The code a block replaces: the selection the turn was asked about, else the editor's selection. */
async function findTarget(selection: Attachment | undefined, editor: vscode.TextEditor | undefined): Promise<Target | string> {
  if (selection?.range) {
    const uri = await resolveInWorkspace(selection.path);
    if (uri) {
      const document = await vscode.workspace.openTextDocument(uri);
      const end = Math.min(selection.range.endLine, document.lineCount) - 1;
      return { document, range: new vscode.Range(selection.range.startLine - 1, 0, end, document.lineAt(end).text.length) };
    }
  }
  if (editor && !editor.selection.isEmpty) return { document: editor.document, range: editor.selection };
  return 'Select the code the proposal should replace, then try Apply again.';
}

async function resolveInWorkspace(relative: string): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidates = [vscode.Uri.joinPath(folder.uri, relative)];
    const prefix = `${folder.name}/`;
    if (relative.startsWith(prefix)) candidates.push(vscode.Uri.joinPath(folder.uri, relative.slice(prefix.length)));
    for (const uri of candidates) {
      try {
        await vscode.workspace.fs.stat(uri);
        return uri;
      } catch {
        // not in this folder
      }
    }
  }
  return undefined;
}

/** Closes the diff tabs showing a proposal: once applied or declined, it is of no further use. */
async function closeProposal(proposalUri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposalUri.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

export async function applyAsDiff(code: string, selection: Attachment | undefined, editor: vscode.TextEditor | undefined, proposals: ProposalProvider, writes: WriteGuard): Promise<void> {
  const target = await findTarget(selection, editor);
  if (typeof target === 'string') {
    void vscode.window.showInformationMessage(`Workspace Assistant: ${target}`);
    return;
  }
  const { document, range } = target;
  const file = fileOf(document);
  const refusal = await unwritableReason(file);
  if (refusal) {
    void vscode.window.showWarningMessage(`Workspace Assistant: ${labelOf(file)} cannot be changed: ${refusal}. Select the code to replace in the file it is for, then try Apply again.`);
    return;
  }
  const { name, reason } = await writes.check(file);
  const version = document.version;
  const before = document.getText();
  const proposed = before.slice(0, document.offsetAt(range.start)) + code.replace(/\n$/, '') + before.slice(document.offsetAt(range.end));
  const proposalUri = proposals.add(document.uri, proposed);
  try {
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposalUri, `${name} ↔ Proposed change`);
    // Modal: the file must not change by a stray click, and the diff stays in view behind it.
    const question = `Apply the proposed change to ${name}?`;
    const detail = 'The diff editor shows the current code on the left and the proposal on the right.';
    const choice = reason
      ? await vscode.window.showWarningMessage(question, { modal: true, detail: `${protectedNote(name, reason)}\n\n${detail}` }, 'Apply')
      : await vscode.window.showInformationMessage(question, { modal: true, detail }, 'Apply');
    if (choice !== 'Apply') return;
    if (document.version !== version) {
      void vscode.window.showWarningMessage(`Workspace Assistant: ${name} changed since the proposal was made; nothing was applied.`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, code.replace(/\n$/, ''));
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Workspace Assistant: ${name} could not be changed.`);
      return;
    }
    // The file itself, with the changed lines selected, takes the diff's place.
    await closeProposal(proposalUri);
    const end = document.positionAt(document.offsetAt(range.start) + code.replace(/\n$/, '').length);
    await vscode.window.showTextDocument(document, { selection: new vscode.Selection(range.start, end) });
  } finally {
    await closeProposal(proposalUri);
    proposals.forget(proposalUri);
  }
}
