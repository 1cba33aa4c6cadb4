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

/** Files larger than this are not even read. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Reads a whole file through `workspace.fs` (virtual workspaces too); a string says why not. */
export async function fileAttachment(uri: vscode.Uri): Promise<Attachment | string> {
  const path = relativePath(uri);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return `${path} is a folder; pick a file.`;
    if (stat.size > MAX_FILE_BYTES) return `${path} is too large to send (${Math.round(stat.size / 1024)} KB; the limit is ${MAX_FILE_BYTES / 1024} KB).`;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.subarray(0, 8192).includes(0)) return `${path} looks like a binary file, which cannot be sent.`;
    const text = open?.getText() ?? new TextDecoder().decode(bytes);
    return { kind: 'file', path, languageId: open?.languageId ?? languageOf(path), text };
  } catch (err) {
    return `${path} could not be read: ${(err as Error).message}`;
  }
}

function languageOf(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  const known: Record<string, string> = { ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', py: 'python', md: 'markdown', json: 'json', rs: 'rust', go: 'go', java: 'java', cs: 'csharp', cpp: 'cpp', c: 'c', sh: 'shellscript', yml: 'yaml', yaml: 'yaml', css: 'css', html: 'html' };
  return known[ext] ?? 'plaintext';
}
