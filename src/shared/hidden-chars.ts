// Characters that change or hide what a text says without being seen (A10): every format character
// (\p{Cf}: bidi marks, embeddings, overrides and isolates, zero-width characters, the soft hyphen,
// invisible math operators, tag characters…), every default-ignorable code point (Hangul fillers,
// the combining grapheme joiner…) and every variation selector. Taken from Unicode properties, not
// from a list, so that none is forgotten and new ones come with the engine's Unicode data.
// Emoji keep what they are built of (a presentation selector after an emoji, a joiner between
// two, the tags of a subdivision flag); anything else of the kind is shown as a marker.

const CANDIDATES = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Variation_Selector}]/gu;
const HAS_CANDIDATE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Variation_Selector}]/u;

const EMOJI = /\p{Emoji}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const SKIN_TONE = /\p{Emoji_Modifier}/u;

const ZWJ = 0x200d;
const TEXT_PRESENTATION = 0xfe0e;
const EMOJI_PRESENTATION = 0xfe0f;
const BLACK_FLAG = 0x1f3f4;
const KEYCAP = 0x20e3;
const CANCEL_TAG = 0xe007f;
/** A subdivision flag has a region code of at most 6 tag letters/digits (gbeng, usca…). */
const MAX_FLAG_TAGS = 6;

export interface HiddenChar {
  /** UTF-16 index of the character in the text. */
  readonly index: number;
  /** 1, or 2 for a character outside the Basic Multilingual Plane. */
  readonly length: number;
  /** `U+200B`, `U+E0041`: how the marker names it. */
  readonly name: string;
}

export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The code point that ends just before UTF-16 index `end`, or undefined at the start. */
function codePointBefore(text: string, end: number): { cp: number; start: number } | undefined {
  if (end <= 0) return undefined;
  const low = text.charCodeAt(end - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && end >= 2 && text.charCodeAt(end - 2) >= 0xd800 && text.charCodeAt(end - 2) <= 0xdbff ? end - 2 : end - 1;
  return { cp: text.codePointAt(start)!, start };
}

const isTagLetter = (cp: number): boolean => (cp >= 0xe0030 && cp <= 0xe0039) || (cp >= 0xe0061 && cp <= 0xe007a);

/** The base of an emoji before `index`, skipping the selectors and skin tones that may follow it. */
function emojiBaseBefore(text: string, index: number): number | undefined {
  let at = codePointBefore(text, index);
  while (at && (at.cp === EMOJI_PRESENTATION || SKIN_TONE.test(String.fromCodePoint(at.cp)))) at = codePointBefore(text, at.start);
  return at?.cp;
}

const isTag = (cp: number): boolean => cp >= 0xe0000 && cp <= 0xe007f;

/** Whether the tag character at `index` belongs to a subdivision flag: 🏴, a few tag letters, the cancel tag. */
function inFlag(text: string, index: number): boolean {
  let start = index;
  for (let prev = codePointBefore(text, start); prev && isTag(prev.cp); prev = codePointBefore(text, start)) start = prev.start;
  if (codePointBefore(text, start)?.cp !== BLACK_FLAG) return false;
  let letters = 0;
  for (let at = start; at < text.length && isTagLetter(text.codePointAt(at)!); at += 2) letters++;
  const end = start + 2 * letters; // the cancel tag
  return letters > 0 && letters <= MAX_FLAG_TAGS && text.codePointAt(end) === CANCEL_TAG && index <= end;
}

function partOfEmoji(text: string, index: number, cp: number): boolean {
  if (cp === EMOJI_PRESENTATION || cp === TEXT_PRESENTATION) {
    const before = codePointBefore(text, index);
    // Digits, # and * are emoji only as keycaps: 1 U+FE0F U+20E3.
    return before !== undefined && EMOJI.test(String.fromCodePoint(before.cp)) && (before.cp > 0x7f || text.charCodeAt(index + 1) === KEYCAP);
  }
  if (cp === ZWJ) {
    const before = emojiBaseBefore(text, index);
    const after = text.codePointAt(index + 1);
    return before !== undefined && after !== undefined && PICTOGRAPHIC.test(String.fromCodePoint(before)) && PICTOGRAPHIC.test(String.fromCodePoint(after));
  }
  return isTag(cp) && inFlag(text, index);
}

/** Whether `text` may hold a hidden character (cheap: most texts have none). */
export function mayHaveHidden(text: string): boolean {
  return HAS_CANDIDATE.test(text);
}

/** Every hidden character of `text`, in order. */
export function findHidden(text: string): HiddenChar[] {
  if (!HAS_CANDIDATE.test(text)) return [];
  const found: HiddenChar[] = [];
  for (const match of text.matchAll(CANDIDATES)) {
    const cp = match[0].codePointAt(0)!;
    if (partOfEmoji(text, match.index, cp)) continue;
    found.push({ index: match.index, length: match[0].length, name: codePointName(cp) });
  }
  return found;
}

/** `text` with each hidden character replaced by `mark(name)`; the rest untouched. */
export function replaceHidden(text: string, mark: (name: string) => string): string {
  const hidden = findHidden(text);
  if (!hidden.length) return text;
  let out = '';
  let from = 0;
  for (const h of hidden) {
    out += text.slice(from, h.index) + mark(h.name);
    from = h.index + h.length;
  }
  return out + text.slice(from);
}
