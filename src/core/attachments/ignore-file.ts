// The path filter every attachment (and later every tool read or listing) goes through (E1, E2):
// malformed paths first, then the built-in deny list, then the project's `.assistantignore`
// (gitignore syntax, evaluated by the `ignore` package — the same engine ESLint and globby use).
import ignore, { type Ignore } from 'ignore';
import { matchDenyList } from './deny-list';

export const IGNORE_FILE_NAME = '.assistantignore';

export type FilterResult = { denied: true; reason: string } | { denied: false };

/**
 * A workspace-relative POSIX path in canonical form (no `.` or empty segments; a trailing `/`
 * kept, because gitignore rules like `build/` match folders only), or why it is not one.
 * Absolute paths, `..`, `~` and URIs are rejected rather than resolved: the host resolves paths
 * against a workspace folder, and anything that could point outside it is a bug or an attack.
 */
export function normalizeRelPath(relPath: string): { path: string } | { error: string } {
  if (relPath.includes('\0')) return { error: 'the path contains a NUL character' };
  // Windows separators count as separators, so `.ssh\id_rsa` cannot slip past the deny list.
  const slashed = relPath.replace(/\\/g, '/');
  if (slashed.trim() === '') return { error: 'the path is empty' };
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return { error: 'the path is absolute, not relative to the workspace' };
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(slashed)) return { error: 'the path is a URI, not a workspace-relative path' };
  const segments = slashed.split('/');
  if (segments.includes('..')) return { error: 'the path contains a ".." segment' };
  if (segments[0].startsWith('~')) return { error: 'the path starts with "~" (a home folder)' };
  const kept = segments.filter((s) => s !== '' && s !== '.');
  if (kept.length === 0) return { error: 'the path is empty' };
  return { path: kept.join('/') + (slashed.endsWith('/') ? '/' : '') };
}

export class PathFilter {
  private readonly rules: Ignore;

  /** @param ignoreFileText the contents of `.assistantignore`, if the workspace has one. */
  constructor(ignoreFileText?: string) {
    this.rules = ignore({ ignorecase: true });
    // Line by line, so one pattern the package cannot handle does not void the rest of the file.
    for (const line of (ignoreFileText ?? '').split(/\r?\n/)) {
      try {
        this.rules.add(line);
      } catch {
        // An unusable pattern is skipped; the deny list still applies regardless.
      }
    }
  }

  denies(relPath: string): FilterResult {
    const normal = normalizeRelPath(relPath);
    if ('error' in normal) return { denied: true, reason: normal.error };
    const rule = matchDenyList(normal.path);
    if (rule) return { denied: true, reason: `it is on the default deny list: ${rule.description}` };
    const result = this.rules.test(normal.path);
    if (result.ignored) {
      const pattern = result.rule ? ` (rule "${result.rule.pattern}")` : '';
      return { denied: true, reason: `it is excluded by ${IGNORE_FILE_NAME}${pattern}` };
    }
    return { denied: false };
  }
}
