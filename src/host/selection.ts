// Workspace-relative paths, and the diagnostics VS Code reports for a selection.
import * as vscode from 'vscode';
import type { Attachment } from '../shared/turn';

export function relativePath(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.path.split('/').pop() ?? uri.path;
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return vscode.workspace.asRelativePath(uri, multiRoot);
}

/** What VS Code reports for the selected lines, so Debug/Fix see the same errors as the user. */
export function diagnosticsAttachment(editor: vscode.TextEditor): Attachment | undefined {
  const { selection, document } = editor;
  const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.range.intersection(selection) !== undefined);
  if (!found.length) return undefined;
  const severity = ['error', 'warning', 'info', 'hint'];
  const text = found
    .slice(0, 50)
    .map((d) => `- line ${d.range.start.line + 1}: ${severity[d.severity]}${d.source ? ` (${d.source}${d.code !== undefined ? ` ${typeof d.code === 'object' ? d.code.value : d.code}` : ''})` : ''}: ${d.message}`)
    .join('\n');
  return {
    kind: 'diagnostics',
    path: relativePath(document.uri),
    languageId: 'text',
    range: { startLine: selection.start.line + 1, endLine: selection.end.line + 1 },
    text,
  };
}
