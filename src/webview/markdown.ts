// Markdown → safe HTML. markdown-it escapes raw HTML; images become placeholders (never fetched,
// A4/A5); links carry their target in data-href and open only through the host (A8); DOMPurify
// removes anything that slipped through (A7); hidden characters (bidi controls, zero-width) are
// shown as visible markers (A10). The streaming renderer (incremental.ts) uses the same pieces.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import remend from 'remend';
import { highlight, highlightNodes } from './highlight';
import { showHidden, spellHidden } from './hidden';

export type Token = MarkdownIt.Token;

const md = new MarkdownIt({ html: false, linkify: true, breaks: false });
const escapeHtml = md.utils.escapeHtml;

md.renderer.rules.text = (tokens, idx) => showHidden(escapeHtml(tokens[idx].content));

md.renderer.rules.code_inline = (tokens, idx) => `<code>${showHidden(escapeHtml(tokens[idx].content))}</code>`;

md.renderer.rules.code_block = (tokens, idx) => `<pre><code>${showHidden(escapeHtml(tokens[idx].content))}</code></pre>\n`;

md.renderer.rules.image = (tokens, idx) => {
  const alt = tokens[idx].content || 'image';
  return `<span class="image-placeholder" title="Images from answers are not loaded">[image: ${showHidden(escapeHtml(alt))}]</span>`;
};

md.renderer.rules.link_open = (tokens, idx) => {
  const href = String(tokens[idx].attrGet('href') ?? '');
  return `<a class="link" role="link" tabindex="0" data-href="${escapeHtml(href)}" title="${escapeHtml(spellHidden(href))}">`;
};

// Past `maxNesting` levels (deeply nested lists or quotes) markdown-it stops parsing and silently
// drops the rest of the answer. The hook notes that it happened, and such an answer is shown as plain
// text instead (A10): nothing the model wrote is lost.
interface NestingEnv extends MarkdownIt.Env {
  tooDeep?: boolean;
}
const tokenizeBlocks = md.block.tokenize.bind(md.block);
md.block.tokenize = (state, startLine, endLine) => {
  if (state.level >= md.options.maxNesting) (state.env as NestingEnv).tooDeep = true;
  tokenizeBlocks(state, startLine, endLine);
};

/** markdown-it's Token class (not exported by its browser build): taken from a parsed token. */
const TokenClass = md.parse('x', {})[0].constructor as new (type: string, tag: string, nesting: number) => Token;
const TOO_DEEP_NOTE = '<p><em>Nested too deeply to format; shown as plain text.</em></p>\n';

/**
 * `source` as one plain-text code block, as a single token spanning all its lines: the streaming
 * renderer (incremental.ts) maps blocks to source lines, so the lines must stay where they are.
 */
function plainTextTokens(source: string): Token[] {
  const token = new TokenClass('fence', 'code', 0);
  Object.assign(token, { content: source.endsWith('\n') ? source : `${source}\n`, info: 'text', markup: '```', block: true, map: [0, source.split(/\r\n?|\n/).length], meta: { tooDeep: true } });
  return [token];
}

/** The language named in a fence's info string ('' when none). */
export const fenceLanguage = (info: string): string => info.trim().split(/\s+/)[0] ?? '';

/** A code block with its toolbar, around already highlighted (escaped) code. */
function codeBlockHtml(lang: string, code: string): string {
  const label = lang ? showHidden(escapeHtml(lang)) : 'code';
  return (
    `<div class="code-block"><div class="code-toolbar"><span class="code-lang">${label}</span>` +
    `<button class="code-action" data-action="copy" title="Copy" aria-label="Copy code"><span class="codicon codicon-copy"></span></button>` +
    `<button class="code-action" data-action="insert" title="Insert at Cursor" aria-label="Insert code at cursor"><span class="codicon codicon-insert"></span></button>` +
    `<button class="code-action" data-action="apply" title="Apply as Diff" aria-label="Apply code as a diff"><span class="codicon codicon-diff"></span></button>` +
    `</div><pre><code class="hljs">${code}</code></pre></div>`
  );
}

/** Highlighted, escaped code with hidden characters shown. */
export const highlightCode = (code: string, lang: string): string => showHidden(highlight(code, lang));

md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  const lang = fenceLanguage(token.info);
  const note = (token.meta as { tooDeep?: boolean } | null)?.tooDeep ? TOO_DEEP_NOTE : '';
  return note + codeBlockHtml(lang, highlightCode(token.content, lang));
};

const PURIFY: DOMPurify.Config = {
  ALLOWED_TAGS: ['a', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'],
  ALLOWED_ATTR: ['class', 'data-href', 'data-action', 'title', 'aria-label', 'role', 'tabindex', 'start'],
  ALLOW_DATA_ATTR: false,
};
// The streaming renderer sanitises many small pieces: its own instance, configured once.
const fragmentPurify = DOMPurify(window);
fragmentPurify.setConfig({ ...PURIFY, RETURN_DOM_FRAGMENT: true });

/** Sanitised DOM nodes for HTML produced by this module (A7: nothing reaches the page unsanitised). */
export const toFragment = (html: string): DocumentFragment => fragmentPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true });

/** The whole answer at once (a turn's final state). */
export function renderMarkdown(source: string): string {
  const env: NestingEnv = {};
  const tokens = md.parse(source, env);
  const html = md.renderer.render(env.tooDeep ? plainTextTokens(source) : tokens, md.options, env);
  return DOMPurify.sanitize(html, PURIFY) as unknown as string;
}

// ── streaming ───────────────────────────────────────────────────────────────────
/** Link reference definitions (`[label]: url`) by normalised label, as markdown-it keeps them. */
export type References = NonNullable<MarkdownIt.Env['references']>;

/** Block and inline tokens of a piece of the answer; `references` are definitions made earlier in the answer. */
export function parse(source: string, references: References = {}): Token[] {
  const env: NestingEnv = { references: { ...references } };
  const tokens = md.parse(source, env);
  return env.tooDeep ? plainTextTokens(source) : tokens;
}

/** Adds the link reference definitions made in `source` to `references`. */
export function collectReferences(source: string, references: References): void {
  if (/^ {0,3}\[[^\]]+\]:/m.test(source)) md.parse(source, { references });
}

/** Inline markdown (part of a paragraph), rendered and sanitised. */
export const renderInline = (source: string, references: References = {}): DocumentFragment =>
  toFragment(md.renderInline(source, { references: { ...references } }));

/** Renders tokens produced by `parse`. */
export const renderTokens = (tokens: Token[]): DocumentFragment => toFragment(md.renderer.render(tokens, md.options, {}));

/**
 * Completes half-written syntax at the end of a streamed answer (open emphasis or inline code, a link
 * or image cut in the middle of its URL, …) with remend. An unfinished link shows as its text only, so
 * a half-received URL is never a click target; images never load anyway (A9). Only the end changes:
 * remend's rewrite of `- > 25` list items, which would apply anywhere, is off.
 */
export const heal = (source: string): string => remend(source, { linkMode: 'text-only', comparisonOperators: false });

/** An empty code block (toolbar included) whose <code> element the caller fills as the code arrives. */
const shells = new Map<string, DocumentFragment>();
export function codeBlockShell(lang: string): { block: DocumentFragment; code: HTMLElement } {
  let shell = shells.get(lang);
  if (!shell) shells.set(lang, (shell = toFragment(codeBlockHtml(lang, ''))));
  const block = shell.cloneNode(true) as DocumentFragment;
  const code = block.querySelector('code');
  if (!code) throw new Error('code block without <code>');
  return { block, code };
}

/**
 * Highlighted lines of code to put inside a code block's <code>, built as DOM nodes while highlight.js
 * parses them: only <span class> elements and text nodes (hidden characters shown), no HTML is parsed,
 * so there is nothing to sanitise (A7 holds by construction). The streaming renderer's code path.
 */
export const codeFragment = (code: string, lang: string): DocumentFragment => highlightNodes(code, lang);
