// Secret redaction (E3) that keeps line numbers: tools answer with line numbers (read_file ranges,
// search hits), so a redacted private-key block must stay as many lines as it was. Single-line
// secrets go through the attachments' `redactSecrets` line by line; a PEM private-key block is
// found by its armour lines and blanked line for line — also when it starts before the lines
// asked for, or inside a diff, where each line has a +/-/space prefix.
import { describeFinding, redactSecrets, type Finding, type SecretKind } from '../attachments';

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----/;
const KEY_LINE = '[REDACTED: private-key]';

export interface RedactedLines {
  readonly lines: string[];
  readonly findings: Finding[];
}

export function redactLines(lines: readonly string[]): RedactedLines {
  const counts = new Map<SecretKind, number>();
  const add = (kind: SecretKind, n: number) => counts.set(kind, (counts.get(kind) ?? 0) + n);
  const out: string[] = new Array(lines.length);
  let inKey = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!inKey && PEM_BEGIN.test(line)) {
      inKey = !PEM_END.test(line); // a one-line key closes itself
      add('private-key', 1);
      out[i] = KEY_LINE;
      continue;
    }
    if (inKey) {
      // A block with no END line is blanked to the end: a cut-off key is still a key.
      if (PEM_END.test(line)) inKey = false;
      out[i] = KEY_LINE;
      continue;
    }
    const { text, findings } = redactSecrets(line);
    for (const f of findings) add(f.kind, f.count);
    out[i] = text;
  }
  return { lines: out, findings: Array.from(counts, ([kind, count]) => ({ kind, count })) };
}

/** Splits on \n, \r\n or \r, the line ends editors count lines by. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** "Redacted 1 GitHub token, 2 JSON Web Tokens in src/a.ts" — for the user (E3), not the model. */
export function redactionNotice(findings: readonly Finding[], where: string): string | undefined {
  return findings.length ? `Redacted ${findings.map(describeFinding).join(', ')} in ${where}` : undefined;
}
