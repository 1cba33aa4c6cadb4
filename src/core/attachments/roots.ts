// Multi-root workspaces (D6, E2): VS Code names a file "<folder name>/<path in the folder>", and each
// folder has its own `.assistantignore`, whose patterns are relative to that folder.
import { matchDenyList } from './deny-list';
import { normalizeRelPath, PathFilter, type FilterResult } from './ignore-file';

/** What the attachment policy asks of a path filter. */
export interface PathPolicy {
  denies(relPath: string): FilterResult;
}

export class RootsFilter implements PathPolicy {
  /** @param roots each workspace folder's name and its filter (from its own ignore file). */
  constructor(private readonly roots: ReadonlyMap<string, PathFilter>) {}

  denies(relPath: string): FilterResult {
    const normal = normalizeRelPath(relPath);
    if ('error' in normal) return { denied: true, reason: normal.error };
    // The deny list also sees the folder name: a folder opened as `.ssh` is still `.ssh`.
    const rule = matchDenyList(normal.path);
    if (rule) return { denied: true, reason: `it is on the default deny list: ${rule.description}` };
    const slash = normal.path.indexOf('/');
    const filter = slash > 0 ? this.roots.get(normal.path.slice(0, slash)) : undefined;
    // A path outside every folder (an untitled document's name) gets the deny list only.
    return filter ? filter.denies(normal.path.slice(slash + 1)) : { denied: false };
  }
}
