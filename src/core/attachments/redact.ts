// Redacts likely secrets before text leaves the machine (E3). Each pattern targets a format with a
// distinctive shape (a fixed prefix, a PEM armour line, a key name in an assignment), so that
// ordinary code is left alone; the user is told what was redacted, by kind and count.
//
// All quantifiers are bounded or anchored on a literal prefix, so a pathological input (a long
// run of letters, a huge selection) costs linear time.

export type SecretKind =
  | 'private-key'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'openai-key'
  | 'slack-token'
  | 'jwt'
  | 'url-password'
  | 'assigned-secret';

export interface Finding {
  kind: SecretKind;
  count: number;
}

/** How a kind reads in a notice: singular and plural. */
export const SECRET_LABELS: Record<SecretKind, readonly [string, string]> = {
  'private-key': ['private key', 'private keys'],
  'aws-access-key-id': ['AWS access key ID', 'AWS access key IDs'],
  'aws-secret-access-key': ['AWS secret access key', 'AWS secret access keys'],
  'github-token': ['GitHub token', 'GitHub tokens'],
  'openai-key': ['OpenAI API key', 'OpenAI API keys'],
  'slack-token': ['Slack token', 'Slack tokens'],
  jwt: ['JSON Web Token', 'JSON Web Tokens'],
  'url-password': ['password in a URL', 'passwords in URLs'],
  'assigned-secret': ['hard-coded password or secret', 'hard-coded passwords or secrets'],
};

/** "1 GitHub token", "2 GitHub tokens". */
export function describeFinding(f: Finding): string {
  const [one, many] = SECRET_LABELS[f.kind];
  return `${f.count} ${f.count === 1 ? one : many}`;
}

export function placeholder(kind: SecretKind): string {
  return `[REDACTED: ${kind}]`;
}

interface Pattern {
  kind: SecretKind;
  regex: RegExp;
  /** Group index of the part to replace; 0 (the default) replaces the whole match. */
  group?: number;
  /** Extra check on the captured value, for patterns whose shape alone is not specific enough. */
  accept?: (value: string) => boolean;
}

// Word-ish boundaries that also treat `_` and `-` as part of a token, so that `ghp_…` inside a
// longer identifier-like run is not cut in half, and `xsk-…` is not an OpenAI key.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

// Names that mean "the value is a credential": the name must END with one of these words
// (`DB_PASSWORD`, `githubToken`, `client_secret`, `apiKey`), so `tokenizer`, `tokenType`,
// `secretName`, `max_tokens` and `PASSWORD_LABEL` are not matched.
const SECRET_NAME = '[A-Za-z0-9_]{0,60}?(?:password|passwd|passphrase|secret|token|api_?key|secret_?key|access_?key|private_?key|auth_?key)(?![A-Za-z0-9_])';

const PLACEHOLDER = /^(?:\*+|x+|\.+|changeme|string|null|none|undefined|true|false|example|password|secret|token|your[-_ ].*|<.*>)$/i;

/**
 * Values that are clearly not real credentials: templates, placeholders, already redacted, and
 * prose (`errors.password = "Password is too short"`): a value with whitespace is taken for a
 * message, at the price of missing multi-word passphrases.
 */
function isRealQuotedValue(value: string): boolean {
  if (value.length < 4 || /\s/.test(value)) return false;
  if (/\$\{|\{\{|%\(|\[REDACTED:/.test(value)) return false;
  return !PLACEHOLDER.test(value.trim());
}

/**
 * Unquoted values (YAML `password: hunter2`, ini `SECRET_KEY=abc123`) are only taken when they
 * look like a literal rather than code: letters AND digits, no call/brackets/whitespace.
 * `password: string`, `token = getToken()` and `api_key = settings.api_key` are left alone.
 */
function isRealBareValue(value: string): boolean {
  if (!isRealQuotedValue(value)) return false;
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value);
}

const PATTERNS: readonly Pattern[] = [
  // Whole PEM blocks, first, so their base64 body is not matched piecemeal by later patterns.
  // A block cut off before its END line (a partial selection) is redacted to the end of the text.
  {
    kind: 'private-key',
    regex: /-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  // AKIA: long-term user keys; ASIA: temporary (STS) keys; ABIA/ACCA: other AWS partitions.
  { kind: 'aws-access-key-id', regex: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${E}`, 'g') },
  // Secret keys are 40 characters of base64 with no prefix, so only the named form is reliable:
  // aws_secret_access_key = …, AWS_SECRET_ACCESS_KEY: …, "aws_secret_access_key": "…".
  {
    kind: 'aws-secret-access-key',
    regex: /(aws_?secret_?access_?key["']?\s{0,10}(?:=|:)\s{0,10}["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
  },
  // Classic tokens: ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server), ghs_ (server), ghr_ (refresh).
  { kind: 'github-token', regex: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})${E}`, 'g') },
  // Project/service-account/admin keys have a prefix and may contain - and _; legacy keys are
  // `sk-` plus 32+ letters and digits only, which ordinary identifiers and CSS classes are not.
  { kind: 'openai-key', regex: new RegExp(`${B}sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,300}|[A-Za-z0-9]{32,200})${E}`, 'g') },
  { kind: 'slack-token', regex: new RegExp(`${B}xox[baprs]-[A-Za-z0-9-]{10,250}${E}`, 'g') },
  // header.payload.signature, the header being base64url JSON, so it starts with `eyJ` (`{"`).
  { kind: 'jwt', regex: new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,2000}\\.[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{0,2000}${E}`, 'g') },
  // scheme://user:password@host (database URLs, git remotes): the password only.
  {
    kind: 'url-password',
    regex: /(\b[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:/?#@"'`]{1,100}:)([^\s/?#@"'`]{1,200})(?=@)/g,
    group: 2,
    accept: (value) => !/^(?:\*+|x+|<.*>|\$.*|\{\{.*)$/i.test(value),
  },
  // name = "value" / name: 'value' / "name": "value" / name := `value`; only the value goes.
  // The value runs to the matching quote (other quotes and escapes may occur inside it).
  {
    kind: 'assigned-secret',
    regex: new RegExp(String.raw`(${SECRET_NAME}["']?[ \t]{0,10}(?::=|=>|=|:)[ \t]{0,10}(?:[rRbBuUfF]{1,2})?(["'\u0060]))((?:(?!\2)[^\\\r\n]|\\.){1,500})\2`, 'gi'),
    group: 3,
    accept: isRealQuotedValue,
  },
  // The same for unquoted values on a line of their own (YAML, ini, shell, properties files).
  {
    kind: 'assigned-secret',
    regex: new RegExp(String.raw`^([ \t]{0,40}(?:export[ \t]+|-[ \t]+)?${SECRET_NAME}[ \t]{0,10}[=:][ \t]{0,10})([^\s"'\u0060#,;(){}\[\]<>]{1,500})(?=[ \t]*(?:#.*)?$)`, 'gim'),
    group: 2,
    accept: isRealBareValue,
  },
];

export interface RedactionResult {
  text: string;
  findings: Finding[];
}

export function redactSecrets(text: string): RedactionResult {
  const counts = new Map<SecretKind, number>();
  let out = text;
  for (const { kind, regex, group = 0, accept } of PATTERNS) {
    out = out.replace(regex, (...args: unknown[]) => {
      const match = args[0] as string;
      if (group === 0) {
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
        return placeholder(kind);
      }
      const value = args[group] as string | undefined;
      if (value === undefined || (accept && !accept(value))) return match;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      // In every pattern with a value group, group 1 is everything before the value.
      const before = args[1] as string;
      const after = match.slice(before.length + value.length);
      return `${before}${placeholder(kind)}${after}`;
    });
  }
  return { text: out, findings: Array.from(counts, ([kind, count]) => ({ kind, count })) };
}
