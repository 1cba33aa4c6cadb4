// Where a file really is, its links resolved (hole 3 of issue 10): a link cannot carry a denied
// file out under another name, and a file outside the workspace is judged by its whole path.
import { matchDenyListOutside } from './deny-list';
import type { PathPolicy } from './roots';

export type RealLocation = { readonly inWorkspace: string } | { readonly outside: string };

/** Why the file at `path`, really at `real`, is refused, if it is. */
export function refusalOfRealLocation(path: string, real: RealLocation, filter: PathPolicy): string | undefined {
  if ('outside' in real) {
    const rule = matchDenyListOutside(real.outside);
    return rule ? `it is, or links to, a file outside the workspace on the default deny list: ${rule.description}` : undefined;
  }
  if (real.inWorkspace === path) return undefined;
  const verdict = filter.denies(real.inWorkspace);
  return verdict.denied ? `it links to ${real.inWorkspace}, which cannot be sent: ${verdict.reason.replace(/^it /, '')}` : undefined;
}
