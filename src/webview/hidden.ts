// Hidden characters (A10): bidi embeddings/overrides/isolates, zero-width space/joiners, word joiner
// and BOM are shown as visible markers wherever model or workspace text is shown.
const HIDDEN = /[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const HAS_HIDDEN = /[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;
const codePoint = (ch: string): string => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Replaces hidden characters in already escaped HTML text (never in attributes) by a visible marker. */
export function showHidden(html: string): string {
  if (!HAS_HIDDEN.test(html)) return html;
  return html.replace(HIDDEN, (ch) => `<span class="hidden-char" title="${codePoint(ch)}">‹${codePoint(ch)}›</span>`);
}

/** For attribute values shown to people (title): the code point instead of the invisible character. */
export const spellHidden = (text: string): string => (HAS_HIDDEN.test(text) ? text.replace(HIDDEN, codePoint) : text);

/**
 * Untrusted plain text (not markdown) as DOM nodes, hidden characters shown as the same markers
 * `showHidden` makes: text nodes and marker spans, built without HTML parsing (tool cards, F12;
 * streamed code).
 */
export function textWithHidden(text: string): Text | DocumentFragment {
  if (!HAS_HIDDEN.test(text)) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  let from = 0;
  for (const match of text.matchAll(HIDDEN)) {
    if (match.index > from) fragment.append(document.createTextNode(text.slice(from, match.index)));
    const marker = document.createElement('span');
    marker.className = 'hidden-char';
    marker.title = codePoint(match[0]);
    marker.textContent = `‹${codePoint(match[0])}›`;
    fragment.append(marker);
    from = match.index + match[0].length;
  }
  if (from < text.length) fragment.append(document.createTextNode(text.slice(from)));
  return fragment;
}
