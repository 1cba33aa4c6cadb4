// What the tools need from the workspace, and nothing more. The host implements it on top of the
// VS Code API; tests implement it on a temp folder. Every path crossing this interface is
// workspace-relative and POSIX-style: "src/a.ts" with one folder open, "<folder>/src/a.ts" with
// several (what `vscode.workspace.asRelativePath(uri, true)` gives). The core has already checked
// a path against the path rules (see workspace-paths.ts) before it reaches the port.
import type { NestedFolder, RealLocation } from '../attachments';

export interface FileStat {
  readonly kind: 'file' | 'directory' | 'other';
  readonly size: number;
}

export interface DiagnosticInfo {
  /** Workspace-relative path of the file the diagnostic belongs to. */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  /** The reporting tool (`ts`, `eslint`) and its rule or error code, when known. */
  readonly source?: string;
  readonly code?: string;
}

export interface SelectionInfo {
  readonly path: string;
  readonly languageId: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** Where its document really is, links resolved, when the host can tell (judged as well as `path`). */
  readonly real?: RealLocation;
}

/** One changed file in `git diff HEAD`. */
export interface FileDiff {
  /** Workspace-relative path; a path outside every folder is withheld by the core. */
  readonly path: string;
  /** Unified diff text of this file. */
  readonly diff: string;
}

/**
 * Thrown by a port method for an expected, explainable failure (git is not installed, the
 * workspace is virtual): its message is passed to the model as it is. Any other error is reported
 * by name only, so absolute paths in Node's messages do not leave the machine.
 */
export class ToolUnavailableError extends Error {
  override readonly name = 'ToolUnavailableError';
}

export interface WorkspacePort {
  /** `vscode.workspace.isTrusted`, read on every call: trust can be granted (or not) mid-session. */
  isTrusted(): boolean;
  /** Names of the open workspace folders, in order; empty when no folder is open. */
  folderNames(): readonly string[];
  /** Folders that lie inside other open folders (a file there has a name under each); none when absent. */
  nestedFolders?(): readonly NestedFolder[];
  /**
   * The real location of a workspace path, symlinks resolved, as an absolute path with `/`
   * separators; `undefined` when nothing exists there. `relPath` is `''` for the only folder's
   * root, or a folder's name for its root in a multi-root workspace. Throws ToolUnavailableError
   * when the folder is not on a local disk (its real location cannot be known).
   */
  realPath(relPath: string): Promise<string | undefined>;
  stat(relPath: string): Promise<FileStat | undefined>;
  /**
   * The file's bytes. `checkedRealPath` (what `realPath` returned when the path was checked): the
   * file is read only if it still is there — opened, then compared with the checked location — so
   * a link swapped in between cannot re-point the read (hole 9 of issue 10).
   */
  readFile(relPath: string, checkedRealPath?: string): Promise<Uint8Array>;
  /**
   * Files (not folders) matching `glob` (every file when undefined), at most `limit` of them,
   * leaving out what the user's `files.exclude` / `search.exclude` settings exclude. With several
   * folders, a glob starting with a folder's name looks in that folder only.
   */
  listFiles(glob: string | undefined, limit: number, signal: AbortSignal): Promise<string[]>;
  /** Problems VS Code reports for one file, or for every file when `relPath` is undefined. */
  diagnostics(relPath: string | undefined): Promise<DiagnosticInfo[]>;
  /** The selection in the active (or last active) text editor, if any text is selected. */
  selection(): Promise<SelectionInfo | undefined>;
  /** Uncommitted changes (working tree and index against HEAD), per file; one file when `relPath` is given. */
  gitDiff(relPath: string | undefined, signal: AbortSignal): Promise<FileDiff[]>;
}
