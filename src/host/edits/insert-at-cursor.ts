// Insert at Cursor: the panel's button writes a code block over the selections of the text editor
// used last (the panel has the focus when it is clicked). A protected file (settings, tasks, .git,
// outside the workspace…) is written only after the user says so in a modal naming it (C5, B2); no
// editor, a closed one, or one that is no file or read-only gets a notice and nothing is written.
import * as vscode from 'vscode';
import { fileOf, labelOf, unwritableReason, type WriteGuard } from './write-guard';

/** Inserts `text` at the editor's selections; true when the document was changed. */
export async function insertAtCursor(text: string, editor: vscode.TextEditor | undefined, guard: WriteGuard): Promise<boolean> {
  if (!editor || editor.document.isClosed) {
    void vscode.window.showWarningMessage('Workspace Assistant: open an editor and place the cursor where the code goes; nothing was inserted.');
    return false;
  }
  const { document } = editor;
  // Taken now: showing the document again must not move where the code goes.
  const selections = editor.selections;
  const file = fileOf(document);
  const refusal = await unwritableReason(file);
  if (refusal) {
    void vscode.window.showWarningMessage(`Workspace Assistant: nothing was inserted into ${labelOf(file)}: ${refusal}. Click into the file the code is for, then try again.`);
    return false;
  }
  if (!(await guard.allow(file, (name) => `Insert the code into ${name}?`, 'Insert'))) return false;
  if (document.isClosed) {
    void vscode.window.showWarningMessage(`Workspace Assistant: ${labelOf(file)} was closed; nothing was inserted.`);
    return false;
  }
  const shown = await vscode.window.showTextDocument(document, editor.viewColumn);
  const done = await shown.edit((edit) => selections.forEach((s) => edit.replace(document.validateRange(s), text)));
  if (!done) void vscode.window.showErrorMessage(`Workspace Assistant: the code could not be inserted into ${labelOf(file)}.`);
  return done;
}
