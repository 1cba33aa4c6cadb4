// A code interpreter run as a collapsible card: the code as the model writes it (highlighted, through
// the same sanitiser as answers), what it printed, and the files it made. Images are shown from bytes
// the host downloaded through the API (F10), as blob: URLs the panel makes itself; nothing here ever
// loads a URL the model wrote. Logs and file names are untrusted text (F12).
import type { CodeRunRecord, GeneratedFile, Turn } from '../shared/turn';
import { textWithHidden } from './hidden';
import { codeFragment } from './markdown';

const ICON: Record<CodeRunRecord['status'], string> = { running: 'loading codicon-modifier-spin', done: 'check', failed: 'error' };
const WORD: Record<CodeRunRecord['status'], string> = { running: 'running', done: 'done', failed: 'failed' };

/** Object URLs of downloaded images by file id: made once, reused by every re-render. */
const images = new Map<string, string>();
/** Images asked of the host and not arrived yet. */
const requested = new Set<string>();
let ask: (turnId: string, fileId: string) => void = () => undefined;

/** How the cards ask the host for an image's bytes (main.ts sends `loadImage`). */
export function onImageNeeded(request: (turnId: string, fileId: string) => void): void {
  ask = request;
}

/** The host sent an image's bytes: keep it, and show it wherever it is waiting. */
export function imageArrived(fileId: string, mimeType: string, base64: string): void {
  if (!/^image\/(png|jpeg|gif|webp)$/.test(mimeType)) return; // never SVG: it could carry script
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  images.set(fileId, url);
  requested.delete(fileId);
  for (const img of document.querySelectorAll<HTMLImageElement>('img.code-image')) if (img.dataset.fileId === fileId) img.src = url;
}

const isImage = (file: GeneratedFile): boolean => /^image\/(png|jpeg|gif|webp)$/.test(file.mimeType ?? '') || /\.(png|jpe?g|gif|webp)$/i.test(file.filename);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.append(textWithHidden(text));
  return node;
}

function fileButton(turnId: string, file: GeneratedFile, mode: 'open' | 'save', label: string, icon: string): HTMLButtonElement {
  const b = el('button', 'button code-file-action');
  b.type = 'button';
  Object.assign(b.dataset, { action: 'generatedFile', turnId, fileId: file.fileId, mode });
  b.setAttribute('aria-label', `${label} ${file.filename}`);
  b.append(el('span', `codicon codicon-${icon}`), el('span', '', label));
  return b;
}

function fileRow(turnId: string, file: GeneratedFile): HTMLElement {
  const row = el('div', 'code-file');
  if (isImage(file)) {
    const img = el('img', 'code-image');
    img.alt = file.filename;
    img.dataset.fileId = file.fileId;
    const url = images.get(file.fileId);
    if (url) img.src = url;
    else if (!requested.has(file.fileId)) {
      requested.add(file.fileId);
      ask(turnId, file.fileId);
    }
    row.append(img);
  }
  const line = el('div', 'code-file-line');
  line.append(el('span', 'codicon codicon-file'), el('span', 'code-file-name', file.filename), fileButton(turnId, file, 'open', 'Open', 'go-to-file'), fileButton(turnId, file, 'save', 'Save to Workspace', 'save'));
  row.append(line);
  return row;
}

/** One run's card; `open` keeps the user's choice across re-renders (the turn is re-sent as it runs). */
export function codeRunCard(turn: Turn, run: CodeRunRecord, open: boolean, onToggle: (open: boolean) => void): HTMLElement {
  const card = el('details', `tool-card code-run code-${run.status}`);
  const summary = document.createElement('summary');
  const icon = el('span', `tool-icon codicon codicon-${ICON[run.status]}`);
  icon.setAttribute('aria-hidden', 'true');
  const lines = run.code ? run.code.split('\n').length : 0;
  const files = run.files?.length ?? 0;
  const gist = `${lines} line${lines === 1 ? '' : 's'} of Python${files ? `, ${files} file${files === 1 ? '' : 's'}` : ''}`;
  summary.append(icon, el('span', 'tool-name', 'code interpreter'), el('span', 'tool-gist', gist));
  summary.setAttribute('aria-label', `Code interpreter, ${gist}, ${WORD[run.status]}`);
  const body = el('div', 'tool-body');
  const code = el('pre', 'tool-text code-run-code');
  code.tabIndex = 0;
  code.setAttribute('aria-label', 'Code');
  const inner = el('code', 'hljs');
  inner.append(codeFragment(run.code, 'python'));
  code.append(inner);
  body.append(el('div', 'tool-label', 'Code'), code);
  if (run.logs) {
    const logs = el('pre', 'tool-text code-run-logs', run.logs);
    logs.tabIndex = 0;
    logs.setAttribute('aria-label', 'Output');
    body.append(el('div', 'tool-label', 'Output'), logs);
  }
  card.append(summary, body);
  card.open = open || run.status === 'running';
  card.addEventListener('toggle', () => onToggle(card.open));
  // Files and images stay visible with the card closed: they are the point of the run.
  const wrap = el('div', 'code-run-wrap');
  wrap.append(card);
  for (const file of run.files ?? []) wrap.append(fileRow(turn.id, file));
  return wrap;
}
