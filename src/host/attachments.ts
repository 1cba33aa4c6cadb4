// Proposes what a turn could send (the selection, the visible editors or all open tabs, a chosen
// file) and lets the core policy decide what actually leaves the machine.
import * as vscode from 'vscode';
import { collectAttachments, IGNORE_FILE_NAME, MAX_FILE_BYTES, PathFilter, RootsFilter, type Candidate, type Collected, type PathPolicy, type SentFiles } from '../core/attachments';
import type { LineRange } from '../shared/turn';
import { relativePath } from './selection';
import { settingsOf } from './settings';
import { resolveReal } from './real-location';
import { nestedFolders } from './workspace-port';

export type AttachMode = 'selection' | 'visibleEditors' | 'openTabs';

export function attachMode(): AttachMode {
  const mode = settingsOf()<string>('attach', 'visibleEditors');
  return mode === 'selection' || mode === 'openTabs' ? mode : 'visibleEditors';
}

/** Only documents of the workspace are context; output panes, diffs and settings are not. */
function isWorkspaceDocument(uri: vscode.Uri): boolean {
  return vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}

function selectionRange(selection: vscode.Selection): LineRange {
  // A selection ending at column 0 of a line does not include that line.
  const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { startLine: selection.start.line + 1, endLine: end + 1 };
}

export function selectionCandidate(editor: vscode.TextEditor): Candidate | undefined {
  const { selection, document } = editor;
  if (selection.isEmpty) return undefined;
  const text = document.getText(selection);
  if (!text.trim()) return undefined;
  return { kind: 'selection', path: relativePath(document.uri), languageId: document.languageId, range: selectionRange(selection), text, explicit: true };
}

async function fileCandidate(uri: vscode.Uri, explicit: boolean): Promise<Candidate | { path: string; reason: string } | undefined> {
  const path = relativePath(uri);
  const resolved = await resolveReal(uri);
  const real = resolved ? { real: resolved.real } : {};
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { kind: 'file', path, languageId: open.languageId, text: open.getText(), explicit, ...real };
  // Read from where it was judged, not by the name, which could be re-pointed in between.
  const source = resolved?.uri ?? uri;
  try {
    const stat = await vscode.workspace.fs.stat(source);
    if (stat.type & vscode.FileType.Directory) return undefined;
    // Not even read: the policy would refuse it, and reading 50 MB to refuse it is the problem (E5).
    if (stat.size > MAX_FILE_BYTES) return { path, reason: `too large to send (${Math.round(stat.size / 1024)} KB)` };
    return { kind: 'file', path, languageId: 'plaintext', bytes: await vscode.workspace.fs.readFile(source), explicit, ...real };
  } catch (err) {
    return { path, reason: `could not be read (${(err as Error).message})` };
  }
}

/** The files a question proposes besides the selection: visible editors, then (openTabs) the other tabs. */
function contextFiles(mode: AttachMode): Array<{ uri: vscode.Uri; source: 'visible-editor' | 'open-tab' }> {
  if (mode === 'selection') return [];
  const visible = vscode.window.visibleTextEditors.map((e) => ({ uri: e.document.uri, source: 'visible-editor' as const }));
  const tabs =
    mode === 'openTabs'
      ? vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((t) => (t.input instanceof vscode.TabInputText ? [{ uri: t.input.uri, source: 'open-tab' as const }] : []))
      : [];
  const seen = new Set<string>();
  return [...visible, ...tabs].filter(({ uri }) => isWorkspaceDocument(uri) && !seen.has(uri.toString()) && seen.add(uri.toString()));
}

async function folderFilter(folder: vscode.WorkspaceFolder): Promise<PathFilter> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, IGNORE_FILE_NAME));
    return new PathFilter(new TextDecoder().decode(bytes));
  } catch {
    return new PathFilter();
  }
}

/** Each folder's own `.assistantignore` applies to its files (relativePath names them "<folder>/…" in a multi-root window). */
async function pathFilter(): Promise<PathPolicy> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0] ? folderFilter(folders[0]) : new PathFilter();
  return new RootsFilter(new Map(await Promise.all(folders.map(async (f) => [f.name, await folderFilter(f)] as const))), nestedFolders());
}

export interface CollectRequest {
  readonly editor?: vscode.TextEditor;
  readonly withSelection: boolean;
  /** Files the user chose explicitly (Ask About This File). */
  readonly files?: readonly vscode.Uri[];
  readonly sent: SentFiles;
  /** Proposals the user removed from the panel's context chips (E4): left out unless chosen explicitly. */
  readonly exclude?: (candidate: Candidate) => boolean;
}

/** What `collect` proposed and what the user had removed from it. */
export interface Collection extends Collected {
  readonly excluded: readonly Candidate[];
}

/** Everything a turn proposes to send, run through the core policy (E1–E6, D2). */
export async function collect(request: CollectRequest): Promise<Collection> {
  const candidates: Candidate[] = [];
  const unread: Array<{ path: string; reason: string }> = [];
  const selection = request.withSelection && request.editor ? selectionCandidate(request.editor) : undefined;
  if (selection) {
    // A selection in a linked or outside file is judged by where the file really is, too.
    const resolved = await resolveReal(request.editor!.document.uri);
    candidates.push(resolved ? { ...selection, real: resolved.real } : selection);
  }
  const trusted = vscode.workspace.isTrusted;
  // Untrusted workspaces send explicit selections only, so other files are not even read (D2).
  const chosen = trusted ? (request.files ?? []) : [];
  const context = trusted ? contextFiles(attachMode()) : [];
  const proposals = [...chosen.map((uri) => ({ uri, source: undefined })), ...context.filter((c) => !chosen.some((u) => u.toString() === c.uri.toString()))];
  for (const [i, { uri, source }] of proposals.entries()) {
    const candidate = await fileCandidate(uri, i < chosen.length);
    if (!candidate) continue;
    if ('reason' in candidate) unread.push(candidate);
    // The source tells the context budget what to leave out first (H11): open tabs before visible editors.
    else candidates.push(source ? { ...candidate, source } : candidate);
  }
  const excluded = request.exclude ? candidates.filter(request.exclude) : [];
  const kept = excluded.length ? candidates.filter((c) => !excluded.includes(c)) : candidates;
  const collected = collectAttachments(kept, { filter: await pathFilter(), trusted, sent: request.sent });
  return { ...collected, refused: [...unread, ...collected.refused], excluded };
}

/** One line for the panel about what was left out or changed before sending. */
export function describeCollected(collected: Collected): string | undefined {
  const parts = [...collected.notices];
  if (collected.refused.length) parts.push(`Not sent: ${collected.refused.map((r) => `${r.path} (${r.reason})`).join('; ')}.`);
  if (collected.unchanged.length) parts.push(`Unchanged since last sent, not sent again: ${collected.unchanged.join(', ')}.`);
  return parts.length ? parts.join(' ') : undefined;
}
