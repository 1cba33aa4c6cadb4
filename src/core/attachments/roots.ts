// Multi-root workspaces (D6, E2): VS Code names a file "<folder name>/<path in the folder>", and each
// folder has its own `.assistantignore`, whose patterns are relative to that folder.
import { matchDenyList } from './deny-list';
import { normalizeRelPath, PathFilter, type FilterResult } from './ignore-file';

/** What the attachment policy asks of a path filter. */
export interface PathPolicy {
  denies(relPath: string): FilterResult;
}

/** Workspace folder `inner` lies inside folder `outer`, at the path `at` (POSIX, relative to `outer`). */
export interface NestedFolder {
  readonly outer: string;
  readonly inner: string;
  readonly at: string;
}

export class RootsFilter implements PathPolicy {
  /**
   * @param roots each workspace folder's name and its filter (from its own ignore file).
   * @param nested folders inside other folders: a file there is one file under two names, and is
   *   judged under both, by each folder's own ignore file (hole 4 of issue 10).
   */
  constructor(
    private readonly roots: ReadonlyMap<string, PathFilter>,
    private readonly nested: readonly NestedFolder[] = [],
  ) {}

  /** Every (folder, path in it) that names the same file as `root`/`rest`. */
  private views(root: string, rest: string): Array<readonly [string, string]> {
    const seen = new Map<string, readonly [string, string]>([[`${root}/${rest}`, [root, rest]]]);
    const queue: Array<readonly [string, string]> = [[root, rest]];
    while (queue.length) {
      const [folder, path] = queue.shift()!;
      for (const n of this.nested) {
        const found: Array<readonly [string, string]> = [];
        if (n.outer === folder && path.toLowerCase().startsWith(`${n.at.toLowerCase()}/`)) found.push([n.inner, path.slice(n.at.length + 1)]);
        if (n.inner === folder) found.push([n.outer, `${n.at}/${path}`]);
        for (const view of found) {
          const key = `${view[0]}/${view[1]}`;
          if (!seen.has(key)) {
            seen.set(key, view);
            queue.push(view);
          }
        }
      }
    }
    return [...seen.values()];
  }

  denies(relPath: string): FilterResult {
    const normal = normalizeRelPath(relPath);
    if ('error' in normal) return { denied: true, reason: normal.error };
    // The deny list also sees the folder name: a folder opened as `.ssh` is still `.ssh`.
    const rule = matchDenyList(normal.path);
    if (rule) return { denied: true, reason: `it is on the default deny list: ${rule.description}` };
    const slash = normal.path.indexOf('/');
    // A path outside every folder (an untitled document's name) gets the deny list only.
    if (slash <= 0 || !this.roots.has(normal.path.slice(0, slash))) return { denied: false };
    for (const [folder, path] of this.views(normal.path.slice(0, slash), normal.path.slice(slash + 1))) {
      const verdict = this.roots.get(folder)?.denies(path);
      if (verdict?.denied) return folder === normal.path.slice(0, slash) ? verdict : { denied: true, reason: `${verdict.reason} of the folder ${folder}` };
      const rule = matchDenyList(`${folder}/${path}`);
      if (rule) return { denied: true, reason: `it is on the default deny list: ${rule.description}` };
    }
    return { denied: false };
  }
}
