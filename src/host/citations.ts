// Opening a source an answer cites (file search): the cited file's workspace path comes from this
// workspace's index, and it is opened only if it is still a readable workspace file (F1, F2) —
// a citation cannot make the panel open an arbitrary path.
import * as vscode from 'vscode';
import { checkPathText } from '../core/tools';
import type { Turn } from '../shared/turn';
import { scrub } from '../core/secrets/scrub';

export interface CitationDeps {
  readonly transcript: () => Promise<readonly Turn[]>;
  /** The workspace path a file id was indexed from (file search state), if any. */
  readonly pathOfFile?: (fileId: string) => string | undefined;
}

export async function openCitation(deps: CitationDeps, turnId: string, fileId: string): Promise<void> {
  const citation = (await deps.transcript()).find((t) => t.id === turnId)?.citations?.find((c) => c.fileId === fileId);
  if (!citation) return;
  const raw = citation.path ?? deps.pathOfFile?.(fileId);
  const checked = raw === undefined ? undefined : checkPathText(raw);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!checked || 'error' in checked || !folders.length) {
    void vscode.window.showInformationMessage(`Workspace Assistant: ${citation.filename} is not a file of this workspace's document index, so it cannot be opened.`);
    return;
  }
  // One folder: paths are relative to it; several: they start with the folder's name.
  const [first, ...rest] = checked.path.split('/');
  const folder = folders.length > 1 ? folders.find((f) => f.name === first) : folders[0];
  const relative = folders.length > 1 ? rest : [first, ...rest];
  if (!folder || !relative.length) return;
  try {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ...relative), { preview: true });
  } catch (err) {
    void vscode.window.showWarningMessage(`Workspace Assistant: could not open ${checked.path}: ${scrub((err as Error).message)}`);
  }
}
