// Redacts likely secrets before text leaves the machine (E3): attachments, tool results, indexed
// files, and (through ./scrub.ts) what is shown and logged. Three passes, each on what the one
// before left, so nothing is redacted or counted twice:
//   1. the project's patterns that must see a text whole: PEM private keys, URL passwords;
//   2. secretlint's recommended rules (./secretlint-rules.ts), the maintained list of key formats;
//   3. the project's other patterns (./patterns.ts): formats those rules lack, and credentials
//      known by where they stand (headers, connection strings, `password = …`).
// The user is told what was redacted, by kind and count. Every pass is linear in the text.
import { findingsOf, placeholder, type Finding, type SecretKind } from './kinds';
import { acceptLineValue, AFTER_RULES, BEFORE_RULES, LINE_ASSIGNMENT, URL_PASSWORD, type Pattern } from './patterns';
import { ruleSpans } from './secretlint-rules';
import { sha256 } from '../atomic-file';

export { describeFinding, placeholder, SECRET_LABELS, type Finding, type SecretKind } from './kinds';

export interface RedactionResult {
  text: string;
  findings: Finding[];
}

type Counts = Map<SecretKind, number>;

const count = (counts: Counts, kind: SecretKind) => counts.set(kind, (counts.get(kind) ?? 0) + 1);

function applyPatterns(text: string, patterns: readonly Pattern[], counts: Counts): string {
  let out = text;
  for (const { kind, regex, group = 0, accept } of patterns) {
    out = out.replace(regex, (...args: unknown[]) => {
      const match = args[0] as string;
      if (group === 0) {
        count(counts, kind);
        return placeholder(kind);
      }
      const value = args[group] as string | undefined;
      if (value === undefined || (accept && !accept(value))) return match;
      count(counts, kind);
      // In every pattern with a value group, group 1 is everything before the value.
      const before = args[1] as string;
      const after = match.slice(before.length + value.length);
      return `${before}${placeholder(kind)}${after}`;
    });
  }
  return out;
}

/**
 * secretlint's URL rules (basic auth, database connection strings) take a URL whole and have
 * their own idea of a placeholder; a URL whose password the project's URL pattern saw and judged
 * a placeholder or template (`postgres://user:<password>@host`) is left alone, as it was in pass 1.
 */
function isPlaceholderUrl(url: string): boolean {
  const { regex, accept } = URL_PASSWORD;
  const found = Array.from(url.matchAll(regex), (m) => m[2]);
  return found.length > 0 && found.every((value) => accept && !accept(value));
}

function applyRules(text: string, counts: Counts): string {
  const spans = ruleSpans(text).filter((s) => !((s.kind === 'url-password' || s.kind === 'database-url') && isPlaceholderUrl(text.slice(s.start, s.end))));
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const { start, end, kind } of spans) {
    out += text.slice(at, start) + placeholder(kind);
    at = end;
    count(counts, kind);
  }
  return out + text.slice(at);
}

function applyLineAssignments(text: string, counts: Counts): string {
  return text.replace(LINE_ASSIGNMENT, (match: string, before: string, spaceBefore: string, separator: string, spaceAfter: string, value: string) => {
    if (!acceptLineValue(value, spaceBefore, separator, spaceAfter)) return match;
    count(counts, 'assigned-secret');
    return `${before}${placeholder('assigned-secret')}`;
  });
}

export function redactSecrets(text: string): RedactionResult {
  const counts: Counts = new Map();
  let out = applyPatterns(text, BEFORE_RULES, counts);
  out = applyRules(out, counts);
  out = applyPatterns(out, AFTER_RULES, counts);
  out = applyLineAssignments(out, counts);
  return { text: out, findings: findingsOf(counts) };
}

/** Redactions of recent texts, by their sha256: the open files of one question are mostly the open files of the next. */
const recent = new Map<string, RedactionResult>();
const RECENT_TEXTS = 32;

/** `redactSecrets`, remembered for the last few texts (the same file attached to question after question is redacted once). */
export function redactSecretsCached(text: string): RedactionResult {
  const key = sha256(text);
  const hit = recent.get(key);
  if (hit) {
    recent.delete(key);
    recent.set(key, hit); // most recently used last
    return { text: hit.text, findings: hit.findings.map((f) => ({ ...f })) };
  }
  const result = redactSecrets(text);
  if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value!);
  recent.set(key, { text: result.text, findings: result.findings.map((f) => ({ ...f })) });
  return result;
}
