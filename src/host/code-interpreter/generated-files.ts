// The panel's buttons for what a code run made: images shown from downloaded bytes, Open (a local copy
// in the extension's storage, opened in VS Code) and Save to Workspace (where the user picks in a
// save dialog: the webview alone never writes a file, B2; a protected file picked there is named,
// with the reason, before it is overwritten, C5).
import * as vscode from 'vscode';
import { createClient } from '../../core/client';
import { needsApiKey } from '../../core/servers/address';
import { downloadGeneratedFile, findGeneratedFile, imageType, safeFileName } from '../../core/code-interpreter/generated-files';
import type { Turn, GeneratedFile } from '../../shared/turn';
import type { HostMessage } from '../../shared/protocol';
import { readSettings } from '../settings';
import { scrub } from '../../core/secrets/scrub';
import type { WriteGuard } from '../edits/write-guard';

export interface GeneratedFileDeps {
  readonly transcript: () => Promise<readonly Turn[]>;
  readonly apiKey: () => Promise<string | undefined>;
  /** Posts to the panel (once it is ready). */
  readonly post: (message: HostMessage) => void;
  readonly storage: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly writes: WriteGuard;
}

/** Downloaded bytes by file id, so showing, opening and saving one file downloads it once. */
const cache = new Map<string, Uint8Array>();
const CACHE_FILES = 20;

async function bytesOf(file: GeneratedFile, deps: GeneratedFileDeps): Promise<Uint8Array> {
  const cached = cache.get(file.fileId);
  if (cached) return cached;
  const apiKey = await deps.apiKey();
  if (!apiKey && needsApiKey(readSettings().baseUrl)) throw new Error('set an API key to download files the code interpreter made');
  const bytes = await downloadGeneratedFile(createClient({ apiKey, baseUrl: readSettings().baseUrl }), file);
  if (cache.size >= CACHE_FILES) cache.delete(cache.keys().next().value as string);
  cache.set(file.fileId, bytes);
  return bytes;
}

async function fileOf(deps: GeneratedFileDeps, turnId: string, fileId: string): Promise<GeneratedFile | undefined> {
  const file = findGeneratedFile(await deps.transcript(), turnId, fileId);
  if (!file) deps.log.warn('ignored a request for a file that no turn of this thread made');
  return file;
}

export async function loadImage(deps: GeneratedFileDeps, turnId: string, fileId: string): Promise<void> {
  const file = await fileOf(deps, turnId, fileId);
  const mimeType = file && imageType(file);
  if (!file || !mimeType) return;
  try {
    const bytes = await bytesOf(file, deps);
    deps.post({ type: 'image', fileId, mimeType, data: Buffer.from(bytes).toString('base64') });
  } catch (err) {
    deps.log.warn(`could not download ${file.filename}: ${(err as Error).message}`);
    deps.post({ type: 'notice', text: `Could not download ${file.filename} from the code interpreter: ${(err as Error).message}` });
  }
}

export async function openOrSave(deps: GeneratedFileDeps, turnId: string, fileId: string, mode: string): Promise<void> {
  const file = await fileOf(deps, turnId, fileId);
  if (!file || (mode !== 'open' && mode !== 'save')) return;
  const name = safeFileName(file.filename);
  try {
    if (mode === 'save') {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, title: `Save ${name} from the code interpreter` });
      if (!target || !(await deps.writes.allow(target, (shown) => `Save ${name} from the code interpreter as ${shown}?`, 'Save'))) return;
      await vscode.workspace.fs.writeFile(target, await bytesOf(file, deps));
      vscode.window.setStatusBarMessage(`Workspace Assistant: saved ${vscode.workspace.asRelativePath(target)}`, 3000);
      return;
    }
    const local = vscode.Uri.joinPath(deps.storage, 'generated', `${file.fileId.replace(/[^\w-]/g, '_')}-${name}`);
    await vscode.workspace.fs.writeFile(local, await bytesOf(file, deps));
    await vscode.commands.executeCommand('vscode.open', local, { preview: true, viewColumn: vscode.ViewColumn.Active });
  } catch (err) {
    void vscode.window.showErrorMessage(`Workspace Assistant: could not ${mode} ${name}: ${scrub((err as Error).message)}`);
  }
}
