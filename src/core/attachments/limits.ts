// Size caps and content sniffing (E5): what is too big to read, too big to send, or not worth
// sending at all (binary files, minified bundles). Characters are UTF-16 code units, the unit
// JavaScript strings and the editor count in; roughly 4 of them make one model token.
import { formatCount } from '../../shared/numbers';

/** One attachment (file or selection) is cut to this many characters. */
export const MAX_FILE_CHARS = 40_000;
/** All attachments of one turn together; beyond it they are truncated, then left out. */
export const MAX_TURN_CHARS = 120_000;
/** Files larger than this are refused before their bytes are decoded or scanned. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Only this much of a file's start is sniffed for binary content. */
export const SNIFF_BYTES = 8 * 1024;

/** Minified-bundle heuristics apply to texts longer than this (a short one-liner is fine). */
const MINIFIED_MIN_CHARS = 2 * 1024;
const MINIFIED_AVG_LINE = 500;
const MINIFIED_MAX_LINE = 5_000;

/** Share of undecodable bytes or control characters above which a file counts as binary. */
const BINARY_RATIO = 0.1;

/**
 * True for content that is not text: any NUL byte in the first 8 KB (what git and grep use), or
 * more than 10% of it invalid UTF-8 or control characters. UTF-16 text has NULs and counts as
 * binary here; sending it as mojibake would not help anyone.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.length === 0) return false;
  if (head.includes(0)) return true;
  // `stream: true` keeps a multi-byte character cut at the 8 KB boundary from counting as invalid.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head, { stream: true });
  let suspicious = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    // U+FFFD marks invalid UTF-8; C0 controls other than tab, LF, VT, FF, CR, ESC, BS are rare in text.
    if (c === 0xfffd || (c < 0x20 && ![0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b].includes(c))) suspicious++;
  }
  return suspicious / Math.max(1, text.length) > BINARY_RATIO;
}

/**
 * True for generated one-line bundles and the like: lines averaging over 500 characters, or any
 * line over 5,000, in a text over 2 KB. Such files use up the budget and explain nothing.
 */
export function looksMinified(text: string): boolean {
  if (text.length <= MINIFIED_MIN_CHARS) return false;
  let lines = 0;
  let longest = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lines++;
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  return longest > MINIFIED_MAX_LINE || text.length / lines > MINIFIED_AVG_LINE;
}

export function truncationMarker(omitted: number): string {
  return `… [truncated: ${formatCount(omitted)} more characters not sent]`;
}

/**
 * `text` if it fits in `max` characters; otherwise its start (cut at a line break when one is
 * near, never inside a surrogate pair) plus a marker line saying how much was left out, the
 * whole no longer than `max`. `alreadyOmitted` adds characters dropped before this call.
 */
export function truncate(text: string, max: number, alreadyOmitted = 0): string {
  if (text.length <= max && alreadyOmitted === 0) return text;
  // Reserve room for the marker, sized for the largest count it could show.
  const room = Math.max(0, max - truncationMarker(text.length + alreadyOmitted).length - 1);
  let cut = Math.min(room, text.length);
  if (cut < text.length) {
    const lineBreak = text.lastIndexOf('\n', cut);
    if (lineBreak >= cut * 0.8) cut = lineBreak;
    else if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  }
  const kept = text.slice(0, cut).replace(/\n$/, '');
  const omitted = text.length - kept.length + alreadyOmitted;
  return kept.length > 0 ? `${kept}\n${truncationMarker(omitted)}` : truncationMarker(omitted);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A prefix of `text` of about `max` characters, cut at a line break (or else at a character that
 * cannot be part of a token), so no secret is cut in half before redaction sees it. Bounds the
 * work on huge selections before the exact cut is made by `truncate`.
 */
export function precut(text: string, max: number): string {
  if (text.length <= max) return text;
  const lineBreak = text.lastIndexOf('\n', max);
  if (lineBreak >= max / 2) return text.slice(0, lineBreak);
  for (let i = max; i > max - 1_000 && i > 0; i--) {
    if (!/[A-Za-z0-9_\-+/=.]/.test(text[i - 1])) return text.slice(0, i);
  }
  // One unbroken run of token characters: no secret format is that long, cut anywhere.
  return text.slice(0, isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max);
}
