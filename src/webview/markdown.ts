// Markdown → safe HTML. markdown-it escapes raw HTML; images become placeholders (never fetched,
// A4/A5); links carry their target in data-href and open only through the host (A8); DOMPurify
// removes anything that slipped through (A7).
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { highlight } from './highlight';

const md = new MarkdownIt({ html: false, linkify: true, breaks: false });

md.renderer.rules.image = (tokens, idx) => {
  const alt = tokens[idx].content || 'image';
  return `<span class="image-placeholder" title="Images from answers are not loaded">[image: ${md.utils.escapeHtml(alt)}]</span>`;
};

md.renderer.rules.link_open = (tokens, idx) => {
  const href = String(tokens[idx].attrGet('href') ?? '');
  const safe = md.utils.escapeHtml(href);
  return `<a class="link" role="link" tabindex="0" data-href="${safe}" title="${safe}">`;
};

md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  const lang = token.info.trim().split(/\s+/)[0] ?? '';
  const code = highlight(token.content, lang);
  const label = lang ? md.utils.escapeHtml(lang) : 'code';
  return (
    `<div class="code-block"><div class="code-toolbar"><span class="code-lang">${label}</span>` +
    `<button class="code-action" data-action="copy" title="Copy" aria-label="Copy code"><span class="codicon codicon-copy"></span></button>` +
    `<button class="code-action" data-action="insert" title="Insert at Cursor" aria-label="Insert code at cursor"><span class="codicon codicon-insert"></span></button>` +
    `</div><pre><code class="hljs">${code}</code></pre></div>`
  );
};

const PURIFY: DOMPurify.Config = {
  ALLOWED_TAGS: ['a', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'],
  ALLOWED_ATTR: ['class', 'data-href', 'data-action', 'title', 'aria-label', 'role', 'tabindex', 'start'],
  ALLOW_DATA_ATTR: false,
};

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(md.render(source), PURIFY) as unknown as string;
}
