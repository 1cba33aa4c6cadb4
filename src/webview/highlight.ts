// highlight.js core with the languages developers ask about most, to keep the bundle small. Two
// instances with the same languages: one renders HTML (a whole answer, sanitised with it), the other
// builds DOM nodes directly (code streamed line by line: see DomEmitter).
import type { Emitter, HLJSApi } from 'highlight.js';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

import { textWithHidden } from './hidden';

const languages = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml };
function register(api: HLJSApi): HLJSApi {
  for (const [name, lang] of Object.entries(languages)) api.registerLanguage(name, lang);
  api.registerAliases(['ts', 'tsx', 'typescriptreact'], { languageName: 'typescript' });
  api.registerAliases(['js', 'jsx', 'javascriptreact'], { languageName: 'javascript' });
  api.registerAliases(['py'], { languageName: 'python' });
  api.registerAliases(['sh', 'zsh'], { languageName: 'bash' });
  api.registerAliases(['html', 'svg'], { languageName: 'xml' });
  return api;
}
register(hljs);

/** Returns highlighted HTML (escaped by highlight.js), or the escaped text for unknown languages. */
export function highlight(code: string, lang: string): string {
  const name = lang.toLowerCase();
  if (name && hljs.getLanguage(name)) return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  return code.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** highlight.js's CSS class for a scope, as its HTML renderer writes it ("title.function" → "hljs-title function_"). */
function scopeClass(scope: string, prefix: string): string {
  if (scope.startsWith('language:')) return scope.replace('language:', 'language-');
  const [first, ...rest] = scope.split('.');
  return [`${prefix}${first}`, ...rest.map((piece, i) => `${piece}${'_'.repeat(i + 1)}`)].join(' ');
}

/**
 * A highlight.js Emitter (its exported, stable parser-output interface) that builds the highlighted
 * code as DOM nodes as it is parsed: <span> elements with the classes the HTML renderer would write,
 * and the code as text nodes (hidden characters as markers). No HTML is produced or parsed, so model
 * text can never become markup and there is nothing to sanitise; streamed code (a few lines on each
 * frame) skips the HTML parser and DOMPurify's walk, which cost more than the highlighting itself.
 */
class DomEmitter implements Emitter {
  readonly root = document.createDocumentFragment();
  private readonly open: Node[] = [this.root];

  constructor(private readonly options: { classPrefix: string }) {}

  private get top(): Node {
    return this.open[this.open.length - 1];
  }

  private span(className: string): HTMLSpanElement {
    const span = document.createElement('span');
    span.className = className;
    return span;
  }

  startScope(scope: string): void {
    const span = this.span(scopeClass(scope, this.options.classPrefix));
    this.top.appendChild(span);
    this.open.push(span);
  }

  endScope(): void {
    if (this.open.length > 1) this.open.pop();
  }

  // highlight.js's parser also calls these older names of startScope/endScope (its TokenTree's).
  openNode(scope: string): void {
    this.startScope(scope);
  }

  closeNode(): void {
    this.endScope();
  }

  addText(text: string): void {
    if (text) this.top.appendChild(textWithHidden(text));
  }

  __addSublanguage(emitter: Emitter, name: string): void {
    const nodes = (emitter as DomEmitter).root;
    if (!name) this.top.appendChild(nodes);
    else this.top.appendChild(this.span(scopeClass(`language:${name}`, this.options.classPrefix))).appendChild(nodes);
  }

  finalize(): void {
    this.open.length = 1;
  }

  toHTML(): string {
    return '';
  }
}

/** The DOM-building instance, made on the first streamed code block rather than when the panel loads. */
let domHljs: HLJSApi | undefined;
function domHighlighter(): HLJSApi {
  if (!domHljs) {
    domHljs = register(hljs.newInstance());
    domHljs.configure({ __emitter: DomEmitter });
  }
  return domHljs;
}

/** Highlighted code as DOM nodes (see DomEmitter); plain text for unknown languages or if highlighting fails. */
export function highlightNodes(code: string, lang: string): DocumentFragment {
  const name = lang.toLowerCase();
  const api = domHighlighter();
  if (name && api.getLanguage(name)) {
    const result = api.highlight(code, { language: name, ignoreIllegals: true });
    if (!result.illegal && !result.errorRaised && result._emitter instanceof DomEmitter) return result._emitter.root;
  }
  const plain = document.createDocumentFragment();
  plain.append(textWithHidden(code));
  return plain;
}
