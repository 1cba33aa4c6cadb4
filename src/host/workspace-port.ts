// The tools' WorkspacePort on the VS Code API: files through `workspace.fs` and `findFiles`,
// symlinks resolved with the real file system for local folders only, diagnostics from
// `languages`, the selection of the last text editor used, and diffs through the built-in Git
// extension. Paths are those of `asRelativePath(uri, true)` with several folders open.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readChecked, ToolUnavailableError, type DiagnosticInfo, type FileDiff, type FileStat, type SelectionInfo, type WorkspacePort } from '../core/tools';
import { Disposable } from './lifecycle';
import { relativePath } from './selection';
import { resolveReal } from './real-location';
import type { NestedFolder } from '../core/attachments';

/** The few members of the Git extension's API (its `git.d.ts`, version 1) used here. */
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  diffWithHEAD(): Promise<ReadonlyArray<{ readonly uri: vscode.Uri }>>;
  diffWithHEAD(path: string): Promise<string>;
}

/** More changed files than this are not diffed one by one; the model is told to ask per file. */
const MAX_DIFFED_FILES = 200;

const SEVERITIES: Record<vscode.DiagnosticSeverity, DiagnosticInfo['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** Open folders inside other open folders, by their URIs (same scheme and authority). */
export function nestedFolders(): NestedFolder[] {
  const all = folders();
  return all.flatMap((outer) => all.filter((inner) => inner !== outer && inner.uri.path !== outer.uri.path && isWithin(inner.uri, outer.uri)).map((inner) => ({ outer: outer.name, inner: inner.name, at: inner.uri.path.slice(outer.uri.path.replace(/\/$/, '').length + 1).replace(/\/$/, '') })));
}

function folders(): readonly vscode.WorkspaceFolder[] {
  return vscode.workspace.workspaceFolders ?? [];
}

function isWithin(child: vscode.Uri, parent: vscode.Uri): boolean {
  if (child.scheme !== parent.scheme || child.authority !== parent.authority) return false;
  const base = parent.path.endsWith('/') ? parent.path : `${parent.path}/`;
  return child.path === parent.path || child.path.startsWith(base);
}

/** Runs `work` with a CancellationToken that follows `signal`, disposing the bridge afterwards. */
async function withToken<T>(signal: AbortSignal, work: (token: vscode.CancellationToken) => Thenable<T>): Promise<T> {
  const source = new vscode.CancellationTokenSource();
  const cancel = () => source.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await work(source.token);
  } finally {
    signal.removeEventListener('abort', cancel);
    source.dispose();
  }
}

/** The folder's `files.exclude` and `search.exclude` globs that are switched on, as one glob. */
function excludeGlob(folder: vscode.WorkspaceFolder): string | undefined {
  const on = (section: string) => {
    const map = vscode.workspace.getConfiguration(section, folder.uri).get<Record<string, unknown>>('exclude') ?? {};
    // `{ when: … }` entries depend on sibling files; findFiles cannot express them, so they are left out.
    return Object.entries(map).flatMap(([glob, value]) => (value === true ? [glob] : []));
  };
  const globs = [...new Set([...on('files'), ...on('search')])];
  return globs.length ? `{${globs.join(',')}}` : undefined;
}

export class VsCodeWorkspacePort extends Disposable implements WorkspacePort {
  /** The panel takes focus from the editor, so the selection is the last text editor's. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor() {
    super();
    this.register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.lastEditor = editor;
      }),
    );
  }

  isTrusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  folderNames(): readonly string[] {
    return folders().map((f) => f.name);
  }

  nestedFolders(): NestedFolder[] {
    return nestedFolders();
  }

  /** The URI of a checked workspace path: inside the only folder, or inside the folder it names. */
  private uriOf(relPath: string): vscode.Uri | undefined {
    const all = folders();
    const segments = relPath.split('/').filter((s) => s !== '');
    if (all.length === 1) return vscode.Uri.joinPath(all[0].uri, ...segments);
    const folder = all.find((f) => f.name === segments[0]);
    return folder ? vscode.Uri.joinPath(folder.uri, ...segments.slice(1)) : undefined;
  }

  async realPath(relPath: string): Promise<string | undefined> {
    const uri = this.uriOf(relPath);
    if (!uri) return undefined;
    // Only a local folder has a real path to check symlinks against (D5): anything else is refused.
    if (uri.scheme !== 'file') throw new ToolUnavailableError(`workspace files can only be read from a local folder; this workspace is on "${uri.scheme}:"`);
    try {
      return (await realpath(uri.fsPath)).replace(/\\/g, '/');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  async stat(relPath: string): Promise<FileStat | undefined> {
    const uri = this.uriOf(relPath);
    if (!uri) return undefined;
    try {
      const { type, size } = await vscode.workspace.fs.stat(uri);
      const kind = type & vscode.FileType.File ? 'file' : type & vscode.FileType.Directory ? 'directory' : 'other';
      return { kind, size };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }

  async readFile(relPath: string, checkedRealPath?: string): Promise<Uint8Array> {
    const uri = this.uriOf(relPath);
    if (!uri) throw vscode.FileSystemError.FileNotFound(relPath);
    if (checkedRealPath === undefined || uri.scheme !== 'file') return vscode.workspace.fs.readFile(uri);
    return readChecked(uri.fsPath, checkedRealPath);
  }

  async listFiles(glob: string | undefined, limit: number, signal: AbortSignal): Promise<string[]> {
    const all = folders();
    const multi = all.length > 1;
    // With several folders, "web/src/**" means src/** in the folder named web.
    const named = multi && glob ? all.find((f) => glob.startsWith(`${f.name}/`)) : undefined;
    const targets = named ? [named] : all;
    const pattern = named && glob ? glob.slice(named.name.length + 1) : glob ?? '**/*';
    const found: string[] = [];
    // One search per folder, so each folder's own exclude settings apply to it.
    for (const folder of targets) {
      if (found.length >= limit) break;
      signal.throwIfAborted();
      const uris = await withToken(signal, (token) => vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern), excludeGlob(folder), limit - found.length, token));
      for (const uri of uris) found.push(vscode.workspace.asRelativePath(uri, multi));
    }
    return found;
  }

  async diagnostics(relPath: string | undefined): Promise<DiagnosticInfo[]> {
    const entries: Array<[vscode.Uri, readonly vscode.Diagnostic[]]> = [];
    if (relPath !== undefined) {
      const uri = this.uriOf(relPath);
      if (uri) entries.push([uri, vscode.languages.getDiagnostics(uri)]);
    } else {
      // Only the workspace's files: diagnostics of other documents (settings, output) are not the model's business.
      for (const [uri, list] of vscode.languages.getDiagnostics()) if (vscode.workspace.getWorkspaceFolder(uri)) entries.push([uri, list]);
    }
    return entries.flatMap(([uri, list]) => {
      const path = relPath ?? relativePath(uri);
      return list.map((d) => ({
        path,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITIES[d.severity] ?? 'info',
        message: d.message,
        source: d.source,
        code: d.code === undefined ? undefined : String(typeof d.code === 'object' ? d.code.value : d.code),
      }));
    });
  }

  async selection(): Promise<SelectionInfo | undefined> {
    const editor = vscode.window.activeTextEditor ?? this.lastEditor;
    if (!editor || editor.document.isClosed || editor.selection.isEmpty) return undefined;
    const { selection, document } = editor;
    // A selection ending at column 0 of a line does not include that line.
    const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
    const resolved = await resolveReal(document.uri);
    return { path: relativePath(document.uri), languageId: document.languageId, startLine: selection.start.line + 1, endLine: end + 1, text: document.getText(selection), ...(resolved ? { real: resolved.real } : {}) };
  }

  async gitDiff(relPath: string | undefined, signal: AbortSignal): Promise<FileDiff[]> {
    const git = await this.gitApi();
    if (relPath !== undefined) {
      const uri = this.uriOf(relPath);
      const repo = uri && git.getRepository(uri);
      if (!uri || !repo) throw new ToolUnavailableError(`${relPath} is not in a Git repository`);
      const diff = await repo.diffWithHEAD(uri.fsPath);
      return diff ? [{ path: relPath, diff }] : [];
    }
    // The repositories of the workspace: inside a folder, or holding one (a folder opened below the repository root).
    const repos = git.repositories.filter((r) => vscode.workspace.getWorkspaceFolder(r.rootUri) || folders().some((f) => isWithin(f.uri, r.rootUri)));
    if (repos.length === 0) throw new ToolUnavailableError('no Git repository is open in this workspace');
    const diffs: FileDiff[] = [];
    for (const repo of repos) {
      const changes = await repo.diffWithHEAD();
      for (const change of changes) {
        signal.throwIfAborted();
        // A repository can reach above the workspace folder; files outside every folder are not the model's to see.
        if (!vscode.workspace.getWorkspaceFolder(change.uri)) continue;
        if (diffs.length >= MAX_DIFFED_FILES) {
          throw new ToolUnavailableError(`more than ${MAX_DIFFED_FILES} files have changed; ask for the diff of one file with the path argument`);
        }
        const diff = await repo.diffWithHEAD(change.uri.fsPath);
        if (diff) diffs.push({ path: relativePath(change.uri), diff });
      }
    }
    return diffs;
  }

  private async gitApi(): Promise<GitApi> {
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!extension) throw new ToolUnavailableError('Git is not available: the built-in Git extension is disabled or not installed');
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (!exports?.enabled) throw new ToolUnavailableError('Git is not available: Git support is turned off (git.enabled) or git is not installed');
    return exports.getAPI(1);
  }
}
