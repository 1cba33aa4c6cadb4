// The project's own redaction patterns: what secretlint's rules (./secretlint-rules.ts) do not
// cover, or cover more narrowly than we need. Files handed to a model are not a repository a
// linter scans, so these err towards redacting: any PEM private-key block, also a cut-off one
// (secretlint wants a whole, real key); key formats secretlint has no rule for (Google `AIza…`,
// Stripe `whsec_…`, Azure `AccountKey=`), or only one version of (Anthropic's `sk-ant-admin…`,
// OpenAI's project keys without the `T3BlbkFJ` marker, GitHub tokens of any length); and
// credentials shaped by where they stand rather than by a prefix: HTTP headers, URL and
// connection-string passwords, `password = …` assignments.
//
// All quantifiers are bounded or anchored on a literal, so a pathological input (a long run of
// letters, a huge selection) costs linear time.
import type { SecretKind } from './kinds';

export interface Pattern {
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

/** A prefixed token: `prefix` and a body of `body` characters, whole (not inside a longer run). */
const token = (kind: SecretKind, body: string): Pattern => ({ kind, regex: new RegExp(`${B}(?:${body})${E}`, 'g') });

// Names that mean "the value is a credential": the name must END with one of these words
// (`DB_PASSWORD`, `githubToken`, `client_secret`, `apiKey`), so `tokenizer`, `tokenType`,
// `secretName`, `max_tokens` and `PASSWORD_LABEL` are not matched.
const SECRET_WORD = '(?:password|passwd|passphrase|secret|token|api_?key|secret_?key|access_?key|private_?key|auth_?key)(?![A-Za-z0-9_])';
const SECRET_NAME = `[A-Za-z0-9_]{0,60}?${SECRET_WORD}`;
// On a line of its own the name may be dotted or dashed (`spring.datasource.password`, `api-token`).
const LINE_SECRET_NAME = `[A-Za-z0-9_.-]{0,80}?${SECRET_WORD}`;

const PLACEHOLDER = /^(?:\*+|x+|\.+|changeme|change_?me|string|null|nil|none|undefined|true|false|example|password|secret|token|redacted|hidden|dummy|test|your[-_ ].*|<.*>)$/i;

/** Templates and references rather than values: `${X}`, `{{ x }}`, `%(x)s`, `$X`, `%X%`, `$(cmd)`, already redacted. */
const TEMPLATE = /\$\{|\{\{|%\(|^\$[A-Za-z_(]|^%[A-Za-z_]+%$|\[REDACTED:|\.\.\./;

/** `process.env.X`, `settings.api_key`, `this.token`: a reference, not a literal. */
const DOTTED_REFERENCE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/**
 * Values that are clearly not real credentials: templates, placeholders, already redacted, and
 * prose (`errors.password = "Password is too short"`): a value with whitespace is taken for a
 * message, at the price of missing multi-word passphrases.
 */
function isRealQuotedValue(value: string): boolean {
  if (value.length < 4 || /\s/.test(value)) return false;
  if (TEMPLATE.test(value)) return false;
  return !PLACEHOLDER.test(value.trim());
}

// Words an unquoted value is when it is a type or a keyword rather than a password
// (`password: string` in TypeScript, `token: str` in Python, `secret: required` in a schema).
const TYPE_WORDS = /^(?:str|string|bytes|int|integer|number|float|bool|boolean|any|unknown|object|optional|required|yes|no|on|off|env|default|empty|secretstr)$/i;

/**
 * Unquoted values (YAML `password: hunter2`, ini `SECRET_KEY=abc123`) are only taken when they
 * look like a literal rather than code: no call/brackets/whitespace (the pattern sees to those),
 * not a dotted reference, and either letters and digits, or a symbol no identifier holds
 * (`correct-horse!`), or, for a password without either, a place where only a value stands:
 * `NAME=value` with no spaces (.env, shell, properties) or a YAML `name: value` whose value is not
 * a type (`Token`, `SecretStr`, `string`). `password: string`, `token = getToken()`,
 * `api_key = settings.api_key` and `token = access_token` are left alone.
 */
function isRealBareValue(value: string, separator: string): boolean {
  // Also not: paths (`/run/secrets/db`), URLs, and in YAML anchors, aliases and tags (`&x`, `*x`, `!vault`).
  if (!isRealQuotedValue(value) || DOTTED_REFERENCE.test(value) || /^(?:\.{0,2}\/|~\/|[A-Za-z][\w+.-]*:\/\/)/.test(value)) return false;
  if (separator === ':' && /^[*&!]/.test(value)) return false;
  if (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) return true;
  if (/[^\w$.]/.test(value)) return true;
  if (separator === '=') return true;
  if (separator === ':') return !/^[A-Z]/.test(value) && !TYPE_WORDS.test(value) && !/_/.test(value);
  return false;
}

/**
 * A header or token value that reads as a credential rather than a variable or a placeholder:
 * letters with digits (`abc123…`), or at least 24 characters with something besides letters.
 * `Authorization: authHeader`, `Bearer token`, `x-api-key: <your-key>` are left alone.
 */
function isCredentialValue(value: string): boolean {
  if (value.length < 8 || TEMPLATE.test(value) || DOTTED_REFERENCE.test(value) || PLACEHOLDER.test(value)) return false;
  if (/^(.)\1+$/.test(value.replace(/[-_.]/g, ''))) return false; // xxxx-xxxx, ********
  return (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) || (value.length >= 24 && /[^A-Za-z_$]/.test(value));
}

/**
 * A password in a URL or connection string: anything but an obvious placeholder, template or
 * format argument (`{0}`, `%s`, `?`, `:pw`); ODBC's `{…}` quoting is looked inside.
 */
function isRealPassword(value: string): boolean {
  if (/^\{\d*\}$/.test(value)) return false;
  const v = value.replace(/^\{(.*)\}$/, '$1').trim();
  return v.length >= 3 && !/^(?:\*+|x+|<.*>|\$.*|\{.*|%.*%|%[sd]|:\w+)$/i.test(v) && !TEMPLATE.test(v) && !PLACEHOLDER.test(v);
}

// scheme://user:password@host (database URLs, git remotes), also with no user (`redis://:pw@…`):
// the password only. It runs to the LAST @ before the host, so one holding an unencoded `@` or `#`
// is not cut in two (`?` and `;` end it: `host:8080?to=a@b`, JDBC's `host:1433;a=b`).
export const URL_PASSWORD: Pattern = {
  kind: 'url-password',
  regex: /(\b[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:/?#@"'`]{0,100}:)([^\s/?;"'`]{1,200})(?=@[^\s/?#@"'`]{1,253})/g,
  group: 2,
  accept: (value) => !/^(?:\*+|x+|<.*>|\$.*|\{\{.*)$/i.test(value) && !TEMPLATE.test(value),
};

/** Run before secretlint's rules: they would take a PEM body or a URL password piecemeal or whole. */
export const BEFORE_RULES: readonly Pattern[] = [
  // Whole PEM blocks, first, so their base64 body is not matched piecemeal by later patterns.
  // A block cut off before its END line (a partial selection) is redacted to the end of the text.
  {
    kind: 'private-key',
    regex: /-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  URL_PASSWORD,
];

/** Run after secretlint's rules, on what they left. */
export const AFTER_RULES: readonly Pattern[] = [
  // AKIA: long-term user keys; ASIA: temporary (STS) keys; ABIA/ACCA: other AWS partitions.
  // (secretlint leaves key IDs alone by default, and skips AWS's documented example key.)
  token('aws-access-key-id', '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}'),
  // Secret keys are 40 characters of base64 with no prefix, so only the named form is reliable:
  // aws_secret_access_key = …, AWS_SECRET_ACCESS_KEY: …, "aws_secret_access_key": "…".
  {
    kind: 'aws-secret-access-key',
    regex: /(aws_?secret_?access_?key["']?\s{0,10}(?:=|:)\s{0,10}["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
  },
  // Classic tokens of any length: ghp_ (personal), gho_ (OAuth), ghu_, ghs_, ghr_; fine-grained.
  token('github-token', 'gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255}'),
  // GitLab's other token prefixes (secretlint has glpat-): deploy, runner, trigger, feed, OAuth… tokens.
  token('gitlab-token', 'gl(?:pat|dt|rt|ptt|ft|cbt|imt|oas|soat|agent)-[A-Za-z0-9_-]{20,128}|GR1348941[A-Za-z0-9_-]{20,64}'),
  // Project/service-account/admin keys have a prefix and may contain - and _; legacy keys are
  // `sk-` plus 32+ letters and digits only, which ordinary identifiers and CSS classes are not.
  token('openai-key', 'sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,300}|[A-Za-z0-9]{32,200})'),
  // Any Anthropic key: api03/api04, admin01, OAuth (oat01) keys, of any length secretlint does not expect.
  token('anthropic-key', 'sk-ant-[A-Za-z0-9_-]{20,300}'),
  token('google-api-key', 'AIza[0-9A-Za-z_-]{35}'),
  token('google-oauth-secret', 'GOCSPX-[0-9A-Za-z_-]{24,40}'),
  token('stripe-webhook-secret', 'whsec_[A-Za-z0-9+/=]{24,128}'),
  token('slack-token', '(?:xox[baprs]|xapp)-[A-Za-z0-9-]{10,250}'),
  // secretlint's rule allows one `-` in the key and none in its first part; base64url keys have more.
  token('sendgrid-key', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  // header.payload.signature, the header being base64url JSON, so it starts with `eyJ` (`{"`).
  token('jwt', 'eyJ[A-Za-z0-9_-]{8,2000}\\.[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{0,2000}'),
  // .npmrc: `//registry.npmjs.org/:_authToken=…`, `_auth=…` (base64 user:password), `_password=…`.
  {
    kind: 'npm-token',
    regex: /((?<![A-Za-z0-9])_(?:authToken|auth|password)[ \t]{0,10}=[ \t]{0,10}["']?)([^\s"'`$#;,{}<>[\]]{8,500})/g,
    group: 2,
    accept: isRealQuotedValue,
  },
  // Authorization / Proxy-Authorization, as a header line, in curl -H, JSON, YAML or code: the
  // credential after the scheme (`Bearer`, `Basic`, `token`, `Bot`…), or the bare value.
  {
    kind: 'auth-header',
    regex: /((?<![A-Za-z0-9_-])(?:proxy-)?authorization["']?[ \t]{0,10}[:=][ \t]{0,10}["'`]?[ \t]{0,10}(?:(?:bearer|basic|token|bot|apikey|api-key|key|digest|sso-key)[ \t]{1,10})?)([A-Za-z0-9._~+/=:-]{8,4000})(?![A-Za-z0-9._~+/=:(-])/gi,
    group: 2,
    accept: isCredentialValue,
  },
  // API-key headers (hyphenated header names: `x-api-key: …`, Azure's `api-key: …`, GitLab's
  // `PRIVATE-TOKEN: …`); `api_key = …` in code is an assignment, below.
  {
    kind: 'auth-header',
    regex: /((?<![A-Za-z0-9_-])(?:x-api-key|api-key|x-api-token|x-goog-api-key|x-auth-token|x-access-token|private-token|ocp-apim-subscription-key|x-functions-key)["']?[ \t]{0,10}:[ \t]{0,10}["'`]?)([A-Za-z0-9._~+/=-]{8,4000})(?![A-Za-z0-9._~+/=(-])/gi,
    group: 2,
    accept: isCredentialValue,
  },
  // Azure connection strings: `AccountKey=…;`, `SharedAccessKey=…;`, `SharedAccessSignature=…`.
  {
    kind: 'azure-key',
    regex: /((?<![A-Za-z0-9_])(?:AccountKey|SharedAccessKey|SharedAccessSignature)[ \t]{0,5}=[ \t]{0,5})([^;"'`\s<>]{8,2000})/gi,
    group: 2,
    accept: isRealPassword,
  },
  // ADO.NET / ODBC / JDBC property strings: `Server=…;User Id=…;Password=p@ss word;`. Only with a
  // `;` beside it (`.env` lines are assignments, below); `Pwd={…}` may hold a `;` in its braces.
  {
    kind: 'connection-string-password',
    regex: /(;[ \t]{0,5}(?:password|pwd)[ \t]{0,5}=[ \t]{0,5})(\{[^}\r\n]{0,200}\}|[^;{"'`\r\n][^;"'`\r\n]{0,199}?)(?=[ \t]*(?:;|["'`]|$))/gim,
    group: 2,
    accept: isRealPassword,
  },
  {
    kind: 'connection-string-password',
    regex: /((?:^|["'`\s])(?:password|pwd)[ \t]{0,5}=[ \t]{0,5})(\{[^}\r\n]{0,200}\}|[^;{"'`\r\n][^;"'`\r\n]{0,199}?)(?=[ \t]*;)/gim,
    group: 2,
    accept: isRealPassword,
  },
  // name = "value" / name: 'value' / "name": "value" / name := `value`; only the value goes.
  // The value runs to the matching quote (other quotes and escapes may occur inside it).
  {
    kind: 'assigned-secret',
    regex: new RegExp(String.raw`(${SECRET_NAME}["']?[ \t]{0,10}(?::=|=>|=|:)[ \t]{0,10}(?:[rRbBuUfF]{1,2})?(["'\u0060]))((?:(?!\2)[^\\\r\n]|\\.){1,500})\2`, 'gi'),
    group: 3,
    accept: isRealQuotedValue,
  },
];

/**
 * The same for unquoted values on a line of their own (YAML, ini, shell, .env, properties files);
 * the value check needs the separator, so this one is applied by hand (see redact.ts).
 */
export const LINE_ASSIGNMENT = new RegExp(String.raw`^([ \t]{0,40}(?:export[ \t]+|-[ \t]+)?${LINE_SECRET_NAME}([ \t]{0,10})([=:])([ \t]{0,10}))([^\s"'\u0060#,;(){}\[\]<>]{1,500})(?=[ \t]*(?:#.*)?$)`, 'gim');

/** Whether an unquoted `value` after `before`, split from it by `separator`, is a credential. */
export function acceptLineValue(value: string, spaceBefore: string, separator: string, spaceAfter: string): boolean {
  // `NAME=value` (no spaces) is .env/shell/properties; `name = value` is as likely code.
  const tight = separator === '=' && !spaceBefore && !spaceAfter;
  return isRealBareValue(value, tight ? '=' : separator === ':' ? ':' : '');
}
