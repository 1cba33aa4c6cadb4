// Where a document really is, symbolic links resolved (E1, hole 3 of issue 10): a workspace file
// that links to ~/.aws/credentials is judged as ~/.aws/credentials, and read from where it was
// judged. Documents not on the local disk (untitled, virtual file systems) have no real path here.
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RealLocation } from '../core/attachments';

const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
const same = (a: string, b: string) => (caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b);

async function real(fsPath: string): Promise<string | undefined> {
  try {
    return await realpath(fsPath);
  } catch {
    return undefined; // missing, unsaved, or not readable: nothing to resolve
  }
}

/** The workspace path (as `relativePath` writes it) of an absolute real path, or undefined outside every folder. */
async function workspacePathOf(target: string): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  for (const folder of folders) {
    const root = await real(folder.uri.fsPath);
    if (!root) continue;
    const rel = path.relative(root, target);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!same(path.join(root, rel), target)) continue;
    const posix = rel.split(path.sep).join('/');
    return multiRoot ? `${folder.name}/${posix}` : posix;
  }
  return undefined;
}

export interface Resolved {
  readonly real: RealLocation;
  /** Where to read the file from: its real location, not the name that was judged. */
  readonly uri: vscode.Uri;
}

/** The real location of a local file, or undefined when it has none (not a local file, or missing). */
export async function resolveReal(uri: vscode.Uri): Promise<Resolved | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const target = await real(uri.fsPath);
  if (!target) return undefined;
  const inWorkspace = await workspacePathOf(target);
  return { real: inWorkspace !== undefined ? { inWorkspace } : { outside: target.split(path.sep).join('/') }, uri: vscode.Uri.file(target) };
}
