// A WorkspacePort on real folders in a temp directory, for the tools' unit tests: real files, real
// symlinks, real realpath — so the containment checks meet the file system they guard against.
// Glob matching uses Node's own `path.matchesGlob`; files.exclude is a list of globs.
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, sep } from 'node:path';
import { readChecked, type DiagnosticInfo, type FileDiff, type FileStat, type SelectionInfo, type WorkspacePort } from '../../src/core/tools';
import type { NestedFolder } from '../../src/core/attachments';

export type Tree = Record<string, string | Uint8Array | { link: string }>;

/** Writes `tree` under `dir`: strings and bytes as files, `{ link }` as a symlink to that target (absolute, or relative to the link). */
export async function writeTree(dir: string, tree: Tree): Promise<void> {
  for (const [rel, content] of Object.entries(tree)) {
    const file = join(dir, ...rel.split('/'));
    await mkdir(dirname(file), { recursive: true });
    if (typeof content === 'object' && 'link' in content) await symlink(content.link, file);
    else await writeFile(file, content);
  }
}

export async function tempDir(prefix = 'wa-tools-'): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface Folder {
  readonly name: string;
  readonly dir: string;
}

export class DiskWorkspace implements WorkspacePort {
  trusted = true;
  /** Globs (relative to each folder) hidden from listings, as files.exclude would. */
  excludes: string[] = [];
  diagnosticsList: DiagnosticInfo[] = [];
  currentSelection: SelectionInfo | undefined;
  diffs: FileDiff[] | Error = [];
  /** Every port call, to assert what was (not) touched. */
  readonly calls: string[] = [];

  constructor(readonly folders: readonly Folder[]) {}

  isTrusted(): boolean {
    return this.trusted;
  }

  folderNames(): readonly string[] {
    return this.folders.map((f) => f.name);
  }

  /** Folders whose directories lie inside another folder's, as the host reports them. */
  nestedFolders(): NestedFolder[] {
    return this.folders.flatMap((outer) => this.folders.filter((inner) => inner !== outer && inner.dir.startsWith(outer.dir + sep)).map((inner) => ({ outer: outer.name, inner: inner.name, at: inner.dir.slice(outer.dir.length + 1).split(sep).join('/') })));
  }

  /** The absolute location of a workspace path, as the host maps it. */
  private absolute(relPath: string): string {
    if (this.folders.length === 1) return join(this.folders[0].dir, ...relPath.split('/').filter(Boolean));
    const [first, ...rest] = relPath.split('/');
    const folder = this.folders.find((f) => f.name === first);
    if (!folder) throw new Error(`not in a workspace folder: ${relPath}`);
    return join(folder.dir, ...rest.filter(Boolean));
  }

  async realPath(relPath: string): Promise<string | undefined> {
    this.calls.push(`realPath ${relPath}`);
    try {
      return (await realpath(this.absolute(relPath))).split(sep).join('/');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async stat(relPath: string): Promise<FileStat | undefined> {
    this.calls.push(`stat ${relPath}`);
    try {
      const s = await stat(this.absolute(relPath));
      return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
    } catch {
      return undefined;
    }
  }

  /** Runs between the open and the check of a checked read: a test re-points a link there. */
  beforeCheck?: () => Promise<void>;

  async readFile(relPath: string, checkedRealPath?: string): Promise<Uint8Array> {
    this.calls.push(`readFile ${relPath}`);
    // As the host does: a checked read goes through an open handle (src/core/tools/read-checked.ts).
    if (checkedRealPath !== undefined) return readChecked(this.absolute(relPath), checkedRealPath, this.beforeCheck);
    return readFile(this.absolute(relPath));
  }

  async listFiles(glob: string | undefined, limit: number, signal: AbortSignal): Promise<string[]> {
    this.calls.push(`listFiles ${glob ?? '*'}`);
    const multi = this.folders.length > 1;
    const found: string[] = [];
    for (const folder of this.folders) {
      // With several folders, a glob that starts with a folder's name looks in that folder only.
      let pattern = glob;
      if (multi && glob?.startsWith(`${folder.name}/`)) pattern = glob.slice(folder.name.length + 1);
      else if (multi && glob && this.folders.some((f) => glob.startsWith(`${f.name}/`))) continue;
      const entries = await readdir(folder.dir, { recursive: true, withFileTypes: true });
      for (const e of entries) {
        signal.throwIfAborted();
        if (e.isDirectory()) continue;
        const rel = posix.join(...join(e.parentPath, e.name).slice(folder.dir.length + 1).split(sep));
        if (this.excludes.some((x) => posix.matchesGlob(rel, x))) continue;
        if (pattern && !posix.matchesGlob(rel, pattern)) continue;
        found.push(multi ? `${folder.name}/${rel}` : rel);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async diagnostics(relPath: string | undefined): Promise<DiagnosticInfo[]> {
    this.calls.push(`diagnostics ${relPath ?? '*'}`);
    return this.diagnosticsList.filter((d) => relPath === undefined || d.path === relPath);
  }

  async selection(): Promise<SelectionInfo | undefined> {
    return this.currentSelection;
  }

  async gitDiff(relPath: string | undefined): Promise<FileDiff[]> {
    this.calls.push(`gitDiff ${relPath ?? '*'}`);
    if (this.diffs instanceof Error) throw this.diffs;
    return this.diffs.filter((d) => relPath === undefined || d.path === relPath);
  }
}

/** A single-folder workspace on a fresh temp dir holding `tree`. */
export async function diskWorkspace(tree: Tree): Promise<{ port: DiskWorkspace; dir: string; dispose: () => Promise<void> }> {
  const { dir, dispose } = await tempDir();
  const root = join(dir, 'project');
  await mkdir(root);
  await writeTree(root, tree);
  return { port: new DiskWorkspace([{ name: 'project', dir: root }]), dir, dispose };
}

/** Parses an error output; fails the test when the output is not one. */
export function errorOf(output: string): string {
  const parsed = JSON.parse(output) as { error?: unknown };
  if (typeof parsed.error !== 'string') throw new Error(`not an error output: ${output}`);
  return parsed.error;
}
