// Hidden characters (A10) made visible wherever model or workspace text is shown: which characters
// they are is decided once, in src/shared/hidden-chars.ts; here they become markers.
import { findHidden, mayHaveHidden, replaceHidden } from '../shared/hidden-chars';

/** Replaces hidden characters in already escaped HTML text (never in attributes) by a visible marker. */
export function showHidden(html: string): string {
  if (!mayHaveHidden(html)) return html;
  return replaceHidden(html, (name) => `<span class="hidden-char" title="${name}">‹${name}›</span>`);
}

/** For attribute values shown to people (title): the code point instead of the invisible character. */
export const spellHidden = (text: string): string => (mayHaveHidden(text) ? replaceHidden(text, (name) => name) : text);

function marker(name: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'hidden-char';
  span.title = name;
  span.textContent = `‹${name}›`;
  return span;
}

/**
 * Untrusted plain text (not markdown) as DOM nodes, hidden characters shown as the same markers
 * `showHidden` makes: text nodes and marker spans, built without HTML parsing (tool cards, F12;
 * streamed code).
 */
export function textWithHidden(text: string): Text | DocumentFragment {
  const hidden = findHidden(text);
  if (!hidden.length) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  let from = 0;
  for (const h of hidden) {
    if (h.index > from) fragment.append(document.createTextNode(text.slice(from, h.index)));
    fragment.append(marker(h.name));
    from = h.index + h.length;
  }
  if (from < text.length) fragment.append(document.createTextNode(text.slice(from)));
  return fragment;
}
