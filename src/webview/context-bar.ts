// The chips above the composer: exactly which files and lines the next question will send (E4),
// each removable (and restorable), plus what the policy keeps back and why. Paths and reasons
// only ever go through textContent.
import type { ContextItem } from '../shared/protocol';
import { el } from './turn-view';

const ICON: Record<ContextItem['state'], string> = { send: 'file', unchanged: 'file', refused: 'circle-slash', excluded: 'file' };

function label(item: ContextItem): string {
  return item.range ? `${item.path}:${item.range.startLine}-${item.range.endLine}` : item.path;
}

function describe(item: ContextItem): string {
  const what = item.kind === 'selection' ? `Selection ${label(item)}` : label(item);
  switch (item.state) {
    case 'send':
      return `${what} is sent with your next question`;
    case 'unchanged':
      return `${what} was sent before and is unchanged: only its name is sent`;
    case 'refused':
      return `${what} is not sent: ${item.reason ?? 'refused'}`;
    case 'excluded':
      return `${what} is not sent: you removed it`;
  }
}

function chip(item: ContextItem): HTMLElement {
  const node = el('span', `context-chip context-${item.state}`);
  node.setAttribute('role', 'listitem');
  node.title = describe(item);
  node.append(el('span', `codicon codicon-${item.kind === 'selection' && item.state !== 'refused' ? 'selection' : ICON[item.state]}`));
  node.append(el('span', 'context-label', label(item)));
  if (item.state === 'unchanged') node.append(el('span', 'context-note', 'unchanged'));
  if (item.state === 'send' || item.state === 'unchanged' || item.state === 'excluded') {
    const remove = item.state !== 'excluded';
    const action = el('button', 'context-action');
    action.type = 'button';
    action.dataset.action = remove ? 'excludeContext' : 'includeContext';
    action.dataset.key = item.key;
    action.setAttribute('aria-label', remove ? `Don't send ${label(item)}` : `Send ${label(item)} again`);
    action.title = remove ? 'Remove: not sent with the next question' : 'Send it again';
    action.append(el('span', `codicon codicon-${remove ? 'close' : 'add'}`));
    node.append(action);
  }
  return node;
}

/** Shows `items` in `bar`; keeps keyboard focus on the chip the user just toggled. */
export function renderContext(bar: HTMLElement, items: readonly ContextItem[]): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
  const sending = items.filter((i) => i.state === 'send' || i.state === 'unchanged').length;
  const heading = el('span', 'context-heading', sending ? 'Sent with your next question:' : 'Only your question is sent.');
  const list = el('span', 'context-list');
  list.setAttribute('role', 'list');
  list.append(...items.map(chip));
  bar.replaceChildren(heading, list);
  if (focused) bar.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus();
}
