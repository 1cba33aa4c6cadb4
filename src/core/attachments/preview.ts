// What the next question typed in the panel would send, as chips the user sees (and can remove)
// before sending (E4). Built from the very result the send itself uses, so the chips cannot differ
// from what goes out.
import type { ContextItem } from '../../shared/protocol';
import { locationLabel, type LineRange } from '../../shared/turn';
import { UNCHANGED_TEXT, type Collected } from './collect';

/** A selection or file the host proposes to send. */
export interface Proposed {
  readonly kind: 'selection' | 'file';
  readonly path: string;
  readonly range?: LineRange;
}

/** A selection is keyed by its lines too: removing one selection does not remove the next one made in that file. */
export const contextKey = (p: Proposed): string => locationLabel(p.path, p.kind === 'selection' ? p.range : undefined);

function item(p: Proposed, state: ContextItem['state'], reason?: string): ContextItem {
  return { key: contextKey(p), kind: p.kind, path: p.path, ...(p.range ? { range: p.range } : {}), state, ...(reason ? { reason } : {}) };
}

/** Chips in the order things would be sent, then what is kept back and what the user removed. */
export function contextItems(collected: Collected, excluded: readonly Proposed[] = []): ContextItem[] {
  const items: ContextItem[] = [];
  for (const a of collected.attachments) {
    if (a.kind === 'diagnostics') continue; // added by Debug/Fix only, never by a panel question
    items.push(item({ kind: a.kind, path: a.path, range: a.range }, a.text === UNCHANGED_TEXT ? 'unchanged' : 'send'));
  }
  for (const r of collected.refused) items.push(item({ kind: 'file', path: r.path }, 'refused', r.reason));
  for (const p of excluded) items.push(item(p, 'excluded'));
  return items;
}
