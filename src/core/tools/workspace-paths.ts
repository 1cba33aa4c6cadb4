// Path containment for tool calls (F1, F2, D6): a path the model names is checked as text first
// (absolute, `..`, `~`, URIs, percent-escapes, NUL), then against the deny list and
// `.assistantignore`, and only then resolved on disk — where its real location, symlinks
// followed, must still lie inside a workspace folder and pass the same rules under its real name.
import { IGNORE_FILE_NAME, normalizeRelPath, PathFilter, RootsFilter, type PathPolicy } from '../attachments';
import { MAX_PATH_CHARS } from './limits';
import type { WorkspacePort } from './port';

/**
 * The path rules of the open folders: the deny list plus each folder's own `.assistantignore`.
 * Read on every call, so an edit to the ignore file takes effect on the next tool call.
 */
export async function loadPathPolicy(port: WorkspacePort): Promise<PathPolicy> {
  const folders = port.folderNames();
  const filterOf = async (ignoreFile: string): Promise<PathFilter> => {
    try {
      return new PathFilter(new TextDecoder().decode(await port.readFile(ignoreFile)));
    } catch {
      return new PathFilter(); // no ignore file: the deny list still applies
    }
  };
  if (folders.length <= 1) return filterOf(IGNORE_FILE_NAME);
  return new RootsFilter(new Map(await Promise.all(folders.map(async (name) => [name, await filterOf(`${name}/${IGNORE_FILE_NAME}`)] as const))), port.nestedFolders?.() ?? []);
}

/**
 * Why a path or glob the model sent is not acceptable as text, or its canonical form. On top of
 * `normalizeRelPath` (absolute, URI, `..`, `~`, NUL): percent-escapes are refused rather than
 * decoded, because `%2e%2e` means `..` only to whoever decodes it, and no layer here should.
 */
export function checkPathText(raw: string, what = 'path'): { path: string } | { error: string } {
  if (raw.length > MAX_PATH_CHARS) return { error: `the ${what} is longer than ${MAX_PATH_CHARS} characters` };
  if (/%[0-9a-f]{2}/i.test(raw)) return { error: `the ${what} contains a URL-encoded character (%xx); pass it as plain text` };
  const normal = normalizeRelPath(raw);
  if ('error' in normal) return { error: normal.error.replace(/^the path/, `the ${what}`) };
  return { path: normal.path.replace(/\/$/, '') };
}

/** The folder a (checked) path belongs to: `''` with one folder open, else its first segment. */
function rootOf(path: string, folders: readonly string[]): { root: string } | { error: string } {
  if (folders.length === 0) return { error: 'no workspace folder is open' };
  if (folders.length === 1) return { root: '' };
  const first = path.split('/')[0];
  if (folders.includes(first)) return { root: first };
  return { error: `with several folders open, a path starts with a folder name: ${folders.map((f) => `"${f}/…"`).join(', ')}` };
}

function isInside(child: string, parent: string): boolean {
  const base = parent.endsWith('/') ? parent : `${parent}/`;
  return child === parent || child.startsWith(base);
}

export interface ResolvedPath {
  /** The path as the model named it, canonical. */
  readonly path: string;
  /** Where it really is, as a workspace path (differs from `path` through a symlink). */
  readonly realPath: string;
  /** The absolute real location that was checked; reads pass it on, so the file read is the file checked. */
  readonly checked: string;
}

export type Resolution = ResolvedPath | { error: string; missing?: { path: string } };

/**
 * The checks of a path the model wants read. `realPath` is what should then be read: the location
 * that was checked, not the name, which could be re-pointed in between.
 */
export async function resolveWorkspacePath(port: WorkspacePort, policy: PathPolicy, raw: string): Promise<Resolution> {
  const checked = checkPathText(raw);
  if ('error' in checked) return checked;
  const { path } = checked;
  const folders = port.folderNames();
  const root = rootOf(path, folders);
  if ('error' in root) return root;
  // The rules before the disk: a denied file is not even looked up.
  const verdict = policy.denies(path);
  if (verdict.denied) return { error: `${path} cannot be read: ${verdict.reason}` };

  const target = await port.realPath(path);
  if (target === undefined) return { error: `${path} does not exist`, missing: { path } };
  const realPath = await workspacePathOf(port, target, folders);
  if (realPath === undefined) return { error: `${path} leads outside the workspace (through a symbolic link) and cannot be read` };
  if (realPath !== path) {
    const real = realPath === '' ? { denied: false as const } : policy.denies(realPath);
    if (real.denied) return { error: `${path} cannot be read: it links to a file that ${real.reason.replace(/^it /, '')}` };
  }
  return { path, realPath, checked: target };
}

/**
 * For tools about a file that may no longer exist (its diagnostics, its deletion in a diff): the
 * same checks, but a missing file is accepted under its checked name — nothing will be read from
 * the disk under that name, so no link can lead anywhere.
 */
export async function resolveMaybeMissing(port: WorkspacePort, policy: PathPolicy, raw: string): Promise<{ path: string } | { error: string }> {
  const resolved = await resolveWorkspacePath(port, policy, raw);
  if ('error' in resolved) return resolved.missing ?? { error: resolved.error };
  return { path: resolved.path };
}

/** The workspace path of an absolute real location, or undefined when it is in no folder. */
async function workspacePathOf(port: WorkspacePort, target: string, folders: readonly string[]): Promise<string | undefined> {
  const roots = folders.length === 1 ? [''] : folders;
  for (const root of roots) {
    const rootReal = await port.realPath(root);
    if (rootReal === undefined || !isInside(target, rootReal)) continue;
    const rest = target.slice(rootReal.length).replace(/^\/+/, '');
    return [root, rest].filter((s) => s !== '').join('/');
  }
  return undefined;
}
