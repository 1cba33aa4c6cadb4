// Which files no answer or panel message may change unasked (C5, B2; hole 5 of issue 10): files
// that steer VS Code, Git, a dev container or Workspace Assistant itself, and every file outside
// the workspace. One rule for every write the host makes for the panel or the model (Insert at
// Cursor, Apply as Diff, Save to Workspace); the host asks the user, naming the file and the reason.
//
// A path is judged as its file system compares names: case and Unicode normalisation ignored on
// Windows and macOS, and on Windows trailing dots and spaces and `::$DATA` stream suffixes ignored
// too (`SETTINGS.JSON.` and `settings.json::$DATA` open `settings.json`). Backslashes separate
// folders everywhere. A file system the host cannot name (a remote) gets every folding, so a
// spelling that might reach a protected file is asked about.

export type FileSystemKind = 'windows' | 'mac' | 'linux' | 'unknown';

export interface WriteTarget {
  /** The file's absolute path, links resolved where the host can; either slash. */
  readonly absolutePath: string;
  /** Its path below the workspace folder that holds it (without the folder's name). */
  readonly workspacePath?: string;
  readonly inWorkspace: boolean;
  readonly fileSystem: FileSystemKind;
  /**
   * The running VS Code's own `User` folders (absolute), wherever `--user-data-dir` or a fork put
   * them; the usual places of VS Code, Insiders, VSCodium, code-server and the remote servers are
   * known without them.
   */
  readonly userFolders?: readonly string[];
}

export const REASONS = {
  userSettings: "it holds your VS Code user settings, Workspace Assistant's included",
  keybindings: 'it holds your VS Code keyboard shortcuts',
  userTasks: 'it holds your user tasks, which VS Code runs as commands',
  userLaunch: 'it holds your user launch configurations, which VS Code runs',
  mcp: 'it lists MCP servers, programs VS Code starts',
  snippets: 'it holds your VS Code snippets',
  userData: "it is in VS Code's user data folder",
  machineSettings: "it holds VS Code's settings for this machine",
  workspaceSettings: "it holds VS Code settings for this folder, Workspace Assistant's included",
  workspaceTasks: "it holds the workspace's tasks, which VS Code runs as commands",
  workspaceLaunch: "it holds the workspace's launch configurations, which VS Code runs",
  extensions: 'it lists the extensions VS Code recommends installing',
  vscodeFolder: 'it is in a .vscode folder, which configures VS Code',
  codeWorkspace: 'it is a workspace file: its settings, tasks and launch configurations steer VS Code',
  devContainer: 'it configures the dev container, whose commands run when the container is built',
  git: 'it is in the .git folder, where Git keeps its configuration and the hooks it runs',
  assistantIgnore: 'it lists the files Workspace Assistant must never read or send',
  outside: 'it is outside the workspace',
} as const;

/** A name as the file system compares it. */
function fold(name: string, fs: FileSystemKind): string {
  let s = name;
  if (fs === 'windows' || fs === 'unknown') s = s.replace(/:.*$/s, '').replace(/[. ]+$/, '');
  // Upper then lower: `ſ` and `K` (Kelvin) meet `s` and `k`, as case-insensitive file systems have them.
  return fs === 'linux' ? s : s.normalize('NFC').toUpperCase().toLowerCase();
}

/** The folded segments of a path, `.` and `..` resolved; undefined when `..` climbs above its start. */
function segmentsOf(path: string, fs: FileSystemKind): string[] | undefined {
  const out: string[] = [];
  for (const raw of path.split(/[\\/]+/)) {
    if (raw === '' || raw === '.') continue;
    if (raw === '..') {
      if (!out.length) return undefined;
      out.pop();
      continue;
    }
    const s = fold(raw, fs);
    // `...` and `. .` are no names on Windows: they stand for the folder itself.
    if (s !== '') out.push(s);
  }
  return out;
}

const DATA_FOLDERS = ['Code', 'Code - Insiders', 'Code - OSS', 'Code - Exploration', 'VSCodium', 'VSCodium - Insiders', 'code-server'];
const SERVER_FOLDERS = ['.vscode-server', '.vscode-server-insiders', '.vscode-server-oss', '.vscode-server-exploration', '.vscodium-server', '.vscode-remote'];

const USER_FILES: Readonly<Record<string, string>> = {
  'settings.json': REASONS.userSettings,
  'keybindings.json': REASONS.keybindings,
  'tasks.json': REASONS.userTasks,
  'launch.json': REASONS.userLaunch,
  'mcp.json': REASONS.mcp,
};

const VSCODE_FILES: Readonly<Record<string, string>> = {
  'settings.json': REASONS.workspaceSettings,
  'tasks.json': REASONS.workspaceTasks,
  'launch.json': REASONS.workspaceLaunch,
  'mcp.json': REASONS.mcp,
  'extensions.json': REASONS.extensions,
};

function lookup(table: Readonly<Record<string, string>>, name: string, fs: FileSystemKind): string | undefined {
  return Object.entries(table).find(([file]) => fold(file, fs) === name)?.[1];
}

/** Why a file below a `User` folder (`rest`, its path there) is protected: every such file is. */
function userFileReason(rest: readonly string[], fs: FileSystemKind): string {
  // Profiles keep the same files in User/profiles/<id>/.
  const own = rest[0] === fold('profiles', fs) && rest.length > 2 ? rest.slice(2) : rest;
  if (own.length === 1) return lookup(USER_FILES, own[0], fs) ?? REASONS.userData;
  return own[0] === fold('snippets', fs) ? REASONS.snippets : REASONS.userData;
}

/** VS Code's user and machine data in the places its builds and servers keep them. */
function userDataReason(p: readonly string[], fs: FileSystemKind, userFolders: readonly (readonly string[])[]): string | undefined {
  for (const folder of userFolders) {
    if (folder.length && folder.length < p.length && folder.every((s, i) => p[i] === s)) return userFileReason(p.slice(folder.length), fs);
  }
  const is = (s: string | undefined, names: readonly string[]) => s !== undefined && names.some((n) => fold(n, fs) === s);
  for (let i = 1; i < p.length - 1; i++) {
    const server = is(p[i - 1], ['data']) && is(p[i - 2], SERVER_FOLDERS);
    if (is(p[i], ['User']) && (is(p[i - 1], DATA_FOLDERS) || server || (is(p[i - 1], ['user-data']) && is(p[i - 2], ['data'])))) {
      return userFileReason(p.slice(i + 1), fs);
    }
    if (is(p[i], ['Machine']) && server) return p.length === i + 2 && is(p[i + 1], ['settings.json']) ? REASONS.machineSettings : REASONS.userData;
  }
  return undefined;
}

/** Why a path (folded segments) names a configuration file, whether or not it is in the workspace. */
function configReason(p: readonly string[], fs: FileSystemKind, userFolders: readonly (readonly string[])[]): string | undefined {
  const base = p.at(-1);
  if (base === undefined) return undefined;
  const folders = p.slice(0, -1);
  const name = (n: string) => fold(n, fs);
  const user = userDataReason(p, fs, userFolders);
  if (user) return user;
  // `.git` is also the file a worktree or submodule points to its repository with.
  if (p.includes(name('.git'))) return REASONS.git;
  const vscode = folders.lastIndexOf(name('.vscode'));
  if (vscode >= 0) return (vscode === p.length - 2 && lookup(VSCODE_FILES, base, fs)) || REASONS.vscodeFolder;
  // The whole folder: its Dockerfile and scripts run on a rebuild as much as devcontainer.json does.
  if (folders.includes(name('.devcontainer')) || base === name('.devcontainer.json')) return REASONS.devContainer;
  if (base === name('.assistantignore')) return REASONS.assistantIgnore;
  if (base.endsWith(name('.code-workspace'))) return REASONS.codeWorkspace;
  return undefined;
}

/** Why a write to `target` needs the user's say-so, or undefined for an ordinary workspace file. */
export function protectedReason(target: WriteTarget): string | undefined {
  const fs = target.fileSystem;
  const userFolders = (target.userFolders ?? []).map((f) => segmentsOf(f, fs) ?? []).filter((f) => f.length > 0);
  const absolute = segmentsOf(target.absolutePath, fs) ?? [];
  const relative = target.inWorkspace && target.workspacePath !== undefined ? segmentsOf(target.workspacePath, fs) : undefined;
  const reason = configReason(absolute, fs, userFolders) ?? (relative && configReason(relative, fs, []));
  if (reason) return reason;
  // Only a path that names a file inside its folder is in the workspace: not `..`, not the folder itself.
  return relative?.length ? undefined : REASONS.outside;
}

/** What the confirmation says about a protected file, e.g. ".vscode/settings.json is protected: it holds …". */
export function protectedNote(name: string, reason: string): string {
  return `${name} is protected: ${reason}.`;
}

/** The reason for a file that is ordinary by its name but links to a protected one (`shown`). */
export function linkedReason(shown: string, reason: string): string {
  return `it links to ${shown}, which ${reason.replace(/^it /, '')}`;
}
