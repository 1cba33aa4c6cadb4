// The one entry point the host calls before a turn is sent: decides, for each selection or file
// the host proposes, what leaves the machine (E1–E6, D2). Pure: the host reads the files and
// passes their bytes or text; nothing here touches the file system or VS Code.
import { locationLabel, type Attachment, type LineRange } from '../../shared/turn';
import { normalizeRelPath } from './ignore-file';
import { refusalOfRealLocation, type RealLocation } from './real-location';
import type { PathPolicy } from './roots';
import { looksBinary, looksMinified, MAX_FILE_BYTES, MAX_FILE_CHARS, MAX_TURN_CHARS, precut, SNIFF_BYTES, truncate } from './limits';
import { describeFinding, redactSecretsCached } from './redact';
import type { SentFiles } from './sent-files';
import { formatCount } from '../../shared/numbers';

export interface Candidate {
  kind: 'selection' | 'file';
  /** Workspace-relative POSIX path (or an untitled document's name). */
  path: string;
  languageId: string;
  range?: LineRange;
  /** The file as read from disk; preferred over `text`, because it can be refused unread. */
  bytes?: Uint8Array;
  /** The text as the editor has it (a selection, or an open document with unsaved edits). */
  text?: string;
  /** The user's own selection, as opposed to context the extension adds by itself. */
  explicit: boolean;
  /** For files: in a visible editor or only an open tab; the context budget drops open tabs first (H11). */
  source?: Attachment['source'];
  /**
   * Where the document really is, symbolic links resolved (the host fills it in where it can):
   * another workspace path, or an absolute path outside the workspace. Judged as well as `path`.
   */
  real?: RealLocation;
}

export interface Refusal {
  path: string;
  reason: string;
}

export interface Collected {
  /** What will be sent, in the order it is sent: selections first, then files. */
  attachments: Attachment[];
  refused: Refusal[];
  /** What the user should be told: redactions, truncations, what the budget left out. */
  notices: string[];
  /** Files not re-sent because the thread already has them as they are now. */
  unchanged: string[];
  /**
   * path → hash of each file sent in full text this turn. Not yet recorded in `sent`: the host
   * calls `recordSent` once the turn has actually gone out, so a failed send is not later
   * mistaken for one the model has seen.
   */
  sentHashes: Record<string, string>;
}

export interface CollectOptions {
  filter: PathPolicy;
  /** `vscode.workspace.isTrusted`; untrusted workspaces send explicit selections only (D2). */
  trusted: boolean;
  /** What this thread has already been sent. Read, not changed (see `recordSent`). */
  sent: SentFiles;
}

export const UNCHANGED_TEXT = '(unchanged since it was last sent in this thread)';

/** Redaction runs on at most this much of one attachment; only MAX_FILE_CHARS of it is sent. */
const REDACT_WINDOW = MAX_FILE_CHARS * 4;
/** Below this much room left in the turn budget, an attachment is left out, not cut to a sliver. */
const MIN_USEFUL_CHARS = 1_000;

/** An attachment that passed the checks, before the turn budget is applied. */
interface Prepared {
  kind: 'selection' | 'file';
  path: string;
  languageId: string;
  range?: LineRange;
  source?: Attachment['source'];
  label: string;
  /** Redacted, not yet cut to size. */
  redacted: string;
  /** Characters dropped before redaction (huge selections). */
  precutOmitted: number;
  /** What goes out if the budget allows: redacted and cut to MAX_FILE_CHARS, or UNCHANGED_TEXT. */
  text: string;
  unchanged: boolean;
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

type Checked = { text: string } | { reason: string };

/** The candidate's text, or why it is refused — deciding size and binary-ness before decoding. */
function readText(c: Candidate): Checked {
  if (c.bytes) {
    if (c.bytes.length > MAX_FILE_BYTES) {
      return { reason: `it is ${formatMB(c.bytes.length)}; files over ${formatMB(MAX_FILE_BYTES)} are not read` };
    }
    if (looksBinary(c.bytes)) return { reason: 'it looks like a binary file' };
    // Invalid sequences become U+FFFD rather than failing; a leading BOM is dropped.
    return { text: new TextDecoder('utf-8').decode(c.bytes) };
  }
  if (c.text === undefined) return { reason: 'no content was provided for it' };
  if (c.kind === 'file' && c.text.length > MAX_FILE_BYTES) {
    return { reason: `it has ${formatCount(c.text.length)} characters; files over ${formatMB(MAX_FILE_BYTES)} are not read` };
  }
  if (c.text.slice(0, SNIFF_BYTES).includes('\0')) return { reason: 'it looks like binary content' };
  return { text: c.text };
}

function prepare(c: Candidate, options: CollectOptions, notices: string[]): Prepared | Refusal {
  // The path rules come first and bind even the user's own selection: a selection in `.env` is
  // still the contents of `.env`.
  const verdict = options.filter.denies(c.path);
  if (verdict.denied) return { path: c.path, reason: verdict.reason };
  const real = c.real && refusalOfRealLocation(c.path, c.real, options.filter);
  if (real) return { path: c.path, reason: real };
  const normal = normalizeRelPath(c.path);
  const path = 'path' in normal ? normal.path : c.path;

  // D2: in an untrusted workspace nothing is attached that the user did not select.
  if (!options.trusted && !(c.kind === 'selection' && c.explicit)) {
    return { path, reason: 'the workspace is not trusted: only text you select yourself is sent' };
  }

  const read = readText(c);
  if ('reason' in read) return { path, reason: read.reason };
  // A selection in a bundle is a deliberate choice and gets cut to size; a whole bundle is noise.
  if (c.kind === 'file' && looksMinified(read.text)) {
    return { path, reason: 'it looks minified or generated (very long lines)' };
  }

  const label = locationLabel(path, c.range);
  const window = precut(read.text, REDACT_WINDOW);
  const { text: redacted, findings } = redactSecretsCached(window);
  for (const f of findings) notices.push(`Redacted ${describeFinding(f)} in ${label}`);

  const precutOmitted = read.text.length - window.length;
  let text = truncate(redacted, MAX_FILE_CHARS, precutOmitted);
  if (text !== redacted) {
    notices.push(`Truncated ${label}: only the first ${formatCount(MAX_FILE_CHARS)} characters are sent`);
  }

  const unchanged = c.kind === 'file' && options.sent.isUnchanged(path, options.sent.hashOf(text));
  if (unchanged) text = UNCHANGED_TEXT;
  return { kind: c.kind, path, languageId: c.languageId, range: c.range, source: c.source, label, redacted, precutOmitted, text, unchanged };
}

function toAttachment(p: Prepared, text: string): Attachment {
  const base: Attachment = { kind: p.kind, path: p.path, languageId: p.languageId, text, ...(p.source ? { source: p.source } : {}) };
  return p.range ? { ...base, range: p.range } : base;
}

export function collectAttachments(candidates: readonly Candidate[], options: CollectOptions): Collected {
  const refused: Refusal[] = [];
  const notices: string[] = [];
  const prepared: Prepared[] = [];
  const seenFiles = new Set<string>();

  // Selections first (the user pointed at them), then files in the order given: the budget
  // below is spent in this order.
  const ordered = [...candidates.filter((c) => c.kind === 'selection'), ...candidates.filter((c) => c.kind === 'file')];
  for (const c of ordered) {
    const result = prepare(c, options, notices);
    if (!('kind' in result)) {
      refused.push(result);
      continue;
    }
    if (result.kind === 'file') {
      if (seenFiles.has(result.path)) continue; // the same file twice would be paid for twice
      seenFiles.add(result.path);
    }
    prepared.push(result);
  }

  const attachments: Attachment[] = [];
  const unchanged: string[] = [];
  // A Map, then fromEntries: a file named `__proto__` stays an ordinary key.
  const sentHashes = new Map<string, string>();
  const leftOut: string[] = [];
  let remaining = MAX_TURN_CHARS;

  for (const p of prepared) {
    let text = p.text;
    if (text.length > remaining) {
      if (p.unchanged || remaining < MIN_USEFUL_CHARS) {
        leftOut.push(p.label);
        continue;
      }
      // Re-cut from the redacted text, so the marker counts everything that is not sent.
      text = truncate(p.redacted, remaining, p.precutOmitted);
      notices.push(`Shortened ${p.label} to fit the ${formatCount(MAX_TURN_CHARS)}-character limit for one message`);
    }
    remaining -= text.length;
    attachments.push(toAttachment(p, text));
    if (p.unchanged) unchanged.push(p.path);
    else if (p.kind === 'file') sentHashes.set(p.path, options.sent.hashOf(text));
  }
  if (leftOut.length > 0) {
    notices.push(`Left out to stay within the ${formatCount(MAX_TURN_CHARS)}-character limit for one message: ${leftOut.join(', ')}`);
  }
  return { attachments, refused, notices, unchanged, sentHashes: Object.fromEntries(sentHashes) };
}

/** Call once the turn has been sent: files sent this turn are not re-sent while unchanged. */
export function recordSent(sent: SentFiles, collected: Pick<Collected, 'sentHashes'>): void {
  for (const [path, hash] of Object.entries(collected.sentHashes)) sent.record(path, hash);
}
