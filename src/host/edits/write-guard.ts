// The host's side of the protected-target rule (src/core/edits/protected-targets.ts, C5 and B2 in
// docs/acceptance-security.md): where a file is, by its name and really (links resolved on the local
// disk), whether that is in the workspace, what the user is shown, and the modal that asks before a
// protected file is written. Every write the host makes for the panel or the model goes through it.
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { linkedReason, protectedNote, protectedReason, type FileSystemKind, type WriteTarget } from '../../core/edits/protected-targets';

const LOCAL: FileSystemKind = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'mac' : 'linux';

export interface WriteCheck {
  /** What the user is shown: workspace-relative in the workspace, the full path outside it. */
  readonly name: string;
  /** Why the file is protected; undefined for an ordinary workspace file. */
  readonly reason?: string;
}

const absolutePathOf = (uri: vscode.Uri) => (uri.scheme === 'file' ? uri.fsPath : uri.path);
const folders = () => vscode.workspace.workspaceFolders ?? [];

/** The `User` folder of a `globalStorageUri` (User/globalStorage/<id>, or User/profiles/<p>/globalStorage/<id>). */
export function userFolderOf(globalStorage: vscode.Uri): vscode.Uri | undefined {
  const segments = globalStorage.path.split('/');
  let end = segments.lastIndexOf('globalStorage');
  if (end < 1) return undefined;
  if (segments[end - 2] === 'profiles') end -= 2;
  return globalStorage.with({ path: segments.slice(0, end).join('/') });
}

/** A file's path below a folder's, or undefined when it is not below it. */
function below(root: string, file: string, insensitive: boolean): string | undefined {
  const fold = (s: string) => (insensitive ? s.toLowerCase() : s);
  const base = root.endsWith('/') ? root : `${root}/`;
  return fold(file).startsWith(fold(base)) ? file.slice(base.length) : undefined;
}

/** Where a URI is by its name: its folder is one of the same scheme and authority whose path it is below. */
function byName(uri: vscode.Uri): Omit<WriteTarget, 'fileSystem' | 'userFolders'> {
  const absolutePath = absolutePathOf(uri);
  for (const folder of folders()) {
    // An untitled document's path is where it will be saved, in the window's own scheme.
    if (uri.scheme !== 'untitled' && (folder.uri.scheme !== uri.scheme || folder.uri.authority !== uri.authority)) continue;
    const workspacePath = below(folder.uri.path, uri.path, folder.uri.scheme !== 'file' || LOCAL !== 'linux');
    if (workspacePath !== undefined) return { absolutePath, workspacePath, inWorkspace: true };
  }
  return { absolutePath, inWorkspace: false };
}

/** The real path of a local file, links resolved; a part that does not exist yet is kept as named. */
async function realPathOf(file: string): Promise<string> {
  const missing: string[] = [];
  for (let at = file; ; ) {
    try {
      return path.join(await realpath(at), ...missing);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = path.dirname(at);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === at) return file;
      missing.unshift(path.basename(at));
      at = parent;
    }
  }
}

/** Where a local file really is, and what the user is shown for it. */
async function byRealPath(uri: vscode.Uri): Promise<{ target: Omit<WriteTarget, 'fileSystem' | 'userFolders'>; shown: string }> {
  const real = await realPathOf(uri.fsPath);
  for (const folder of folders().filter((f) => f.uri.scheme === 'file')) {
    const rel = path.relative(await realPathOf(folder.uri.fsPath), real);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) continue;
    const workspacePath = rel.split(path.sep).join('/');
    return { target: { absolutePath: real, workspacePath, inWorkspace: true }, shown: folders().length > 1 ? `${folder.name}/${workspacePath}` : workspacePath };
  }
  return { target: { absolutePath: real, inWorkspace: false }, shown: real };
}

/** The file a document is written to: a notebook cell's is its notebook's. */
export function fileOf(document: vscode.TextDocument): vscode.Uri {
  if (document.uri.scheme !== 'vscode-notebook-cell') return document.uri;
  return vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === document))?.uri ?? document.uri;
}

/** Why nothing may be written to a file: not a file at all (an output, a diff's old side) or read-only. */
export async function unwritableReason(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme === 'untitled') return undefined;
  const writable = vscode.workspace.fs.isWritableFileSystem(uri.scheme);
  if (writable === undefined) return 'it is not a file';
  if (!writable) return 'it is read-only';
  try {
    if (((await vscode.workspace.fs.stat(uri)).permissions ?? 0) & vscode.FilePermission.Readonly) return 'it is read-only';
  } catch {
    // Not on disk (deleted while open): the editor holds it, and saving creates it again.
  }
  return undefined;
}

/** The name of a document for a notice, short enough to read. */
export function labelOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' || uri.scheme === 'untitled' || vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, folders().length > 1) : uri.toString(true);
}

export class WriteGuard {
  /** `userFolders`: the running VS Code's own User folders (see userFolderOf). */
  constructor(private readonly userFolders: readonly vscode.Uri[] = []) {}

  /** The name to show for a write target and, when it is protected, why. */
  async check(uri: vscode.Uri): Promise<WriteCheck> {
    const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
    const name = inWorkspace || uri.scheme === 'untitled' ? vscode.workspace.asRelativePath(uri, folders().length > 1) : absolutePathOf(uri);
    // A new untitled buffer is on no disk yet; one with a path is judged where it will be saved.
    if (uri.scheme === 'untitled' && !uri.path.includes('/')) return { name };
    const known = { fileSystem: uri.scheme === 'file' ? LOCAL : 'unknown', userFolders: this.userFolders.map(absolutePathOf) } as const;
    const reason = protectedReason({ ...byName(uri), ...known });
    if (reason) return { name, reason };
    if (uri.scheme !== 'file') return { name };
    const real = await byRealPath(uri);
    const realReason = protectedReason({ ...real.target, ...known });
    return realReason ? { name, reason: linkedReason(real.shown, realReason) } : { name };
  }

  /**
   * Asks before a write to a protected file, in a modal naming the file and the reason (closing it
   * or Cancel writes nothing); an ordinary workspace file is written without a question.
   */
  async allow(uri: vscode.Uri, question: (name: string) => string, button: string): Promise<boolean> {
    const { name, reason } = await this.check(uri);
    if (!reason) return true;
    const choice = await vscode.window.showWarningMessage(question(name), { modal: true, detail: protectedNote(name, reason) }, button);
    return choice === button;
  }
}
