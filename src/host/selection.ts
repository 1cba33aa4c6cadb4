// Reads the selection of an editor as an attachment: workspace-relative path, language, lines.
import * as vscode from 'vscode';
import type { Attachment } from '../shared/turn';

/** Caps what one selection may send; larger selections are cut and the cut is marked. */
export const MAX_SELECTION_CHARS = 60_000;

export function relativePath(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.path.split('/').pop() ?? uri.path;
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return vscode.workspace.asRelativePath(uri, multiRoot);
}

export function selectionAttachment(editor: vscode.TextEditor): Attachment | undefined {
  const { selection, document } = editor;
  if (selection.isEmpty) return undefined;
  let text = document.getText(selection);
  if (!text.trim()) return undefined;
  if (text.length > MAX_SELECTION_CHARS) {
    text = `${text.slice(0, MAX_SELECTION_CHARS)}\n… [selection truncated: ${text.length - MAX_SELECTION_CHARS} more characters not sent]`;
  }
  // A selection ending at column 0 of a line does not include that line.
  const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return {
    kind: 'selection',
    path: relativePath(document.uri),
    languageId: document.languageId,
    range: { startLine: selection.start.line + 1, endLine: end + 1 },
    text,
  };
}
