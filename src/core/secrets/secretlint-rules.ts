// secretlint's recommended rules (@secretlint/secretlint-rule-preset-recommend), run on a text.
//
// secretlint's own runner (@secretlint/core `lintSource`) is asynchronous, and redaction is not:
// it runs inside synchronous code (attachments, tool results, the log channel). So the rules are
// driven here through secretlint's public rule API (`SecretLintRuleCreator.create(context)` and
// the `file(source)` handler, typed by @secretlint/types), which every rule of the preset answers
// synchronously: the patterns, their false-positive filters and their future fixes stay the
// library's. The preset (about 65 KB) is loaded on the first text that could hold one of its
// secrets, not at activation: the activation log line goes through redaction too.
import type { SecretLintRuleContext, SecretLintRuleCreator, SecretLintRuleLocalizeMessages, SecretLintRuleMessageTranslate, SecretLintRuleReportDescriptor, SecretLintSourceCode } from '@secretlint/types';
import type { SecretKind } from './kinds';

/** What each rule (or `rule#messageId`) of the preset finds, as the user is told it. */
export const RULE_KINDS: Readonly<Record<string, SecretKind>> = {
  '@secretlint/secretlint-rule-aws': 'aws-secret-access-key',
  '@secretlint/secretlint-rule-aws#AWSAccessKeyID': 'aws-access-key-id',
  '@secretlint/secretlint-rule-privatekey': 'private-key',
  '@secretlint/secretlint-rule-npm': 'npm-token',
  '@secretlint/secretlint-rule-npm#PackageJSON_xOauthToken': 'github-token',
  '@secretlint/secretlint-rule-basicauth': 'url-password',
  '@secretlint/secretlint-rule-slack': 'slack-token',
  '@secretlint/secretlint-rule-slack#IncomingWebhook': 'slack-webhook',
  '@secretlint/secretlint-rule-sendgrid': 'sendgrid-key',
  '@secretlint/secretlint-rule-shopify': 'shopify-token',
  '@secretlint/secretlint-rule-stripe': 'stripe-key',
  '@secretlint/secretlint-rule-github': 'github-token',
  '@secretlint/secretlint-rule-gitlab': 'gitlab-token',
  '@secretlint/secretlint-rule-grafana': 'grafana-token',
  '@secretlint/secretlint-rule-openai': 'openai-key',
  '@secretlint/secretlint-rule-anthropic': 'anthropic-key',
  '@secretlint/secretlint-rule-groq': 'groq-key',
  '@secretlint/secretlint-rule-huggingface': 'huggingface-token',
  '@secretlint/secretlint-rule-linear': 'linear-key',
  '@secretlint/secretlint-rule-notion': 'notion-token',
  '@secretlint/secretlint-rule-1password': 'onepassword-token',
  '@secretlint/secretlint-rule-database-connection-string': 'database-url',
  '@secretlint/secretlint-rule-hashicorp-vault': 'vault-token',
  '@secretlint/secretlint-rule-vercel': 'vercel-token',
  '@secretlint/secretlint-rule-databricks': 'databricks-token',
  '@secretlint/secretlint-rule-docker': 'docker-token',
  '@secretlint/secretlint-rule-figma': 'figma-token',
  '@secretlint/secretlint-rule-cloudflare': 'cloudflare-token',
  '@secretlint/secretlint-rule-tailscale': 'tailscale-key',
};

/** Rules of the preset not run, and why. */
export const SKIPPED_RULES: Readonly<Record<string, string>> = {
  // Its `secretlint-disable` comments are for a repository's linter: a file must not be able to
  // turn off what is redacted before it leaves the machine.
  '@secretlint/secretlint-rule-filter-comments': 'a file cannot turn redaction off',
  // Looks at a `.p12` file on disk (asynchronously) or a `.json` file by name; redaction has a
  // text without a file, and the PEM key inside a service-account JSON is redacted as a private key.
  '@secretlint/secretlint-rule-gcp': 'needs a file on disk or a file name',
};

export interface RuleSpan {
  start: number;
  end: number;
  kind: SecretKind;
}

type Rule = SecretLintRuleCreator<Record<string, unknown>>;

let rules: readonly Rule[] | undefined;

/** The preset's rules that are run, loaded on first use. */
export function presetRules(): readonly Rule[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at activation (a literal, so that esbuild bundles it)
  rules ??= (require('@secretlint/secretlint-rule-preset-recommend') as { rules: readonly Rule[] }).rules.filter((r) => !(r.meta.id in SKIPPED_RULES));
  return rules;
}

/** Whether the preset has been loaded in this process. */
export function presetLoaded(): boolean {
  return rules !== undefined;
}

/**
 * Whether `text` could hold a secret any rule of the preset finds. Each finds a token of at least
 * 8 characters with no whitespace and not only letters: a prefix with `_`, `-` or `.` (`ghp_`,
 * `glpat-`, `SG.`, `hvs.`), a `://` URL, a PEM armour line, random characters of a key. Prose (the
 * activation log line, a notification) has none, and does not load the preset.
 */
export function mayHoldRuleSecret(text: string): boolean {
  for (const m of text.matchAll(/\S{8,}/g)) if (/[^A-Za-z]/.test(m[0])) return true;
  return false;
}

/** What a report's message data names: the secret itself (`KEY`, `TOKEN`, `ID`, `URL`…). */
function reportedValue(report: SecretLintRuleReportDescriptor): string[] {
  const data = report.message.data as Record<string, unknown> | undefined;
  return data ? Object.values(data).filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/**
 * The span to redact. A rule's range is usually the secret; a few rules (the AWS secret key, the
 * npm `_authToken`) report the value's length from the start of the whole match (`aws_secret…`),
 * which would redact the name and leave the end of the value. So when the value the rule names in
 * its message starts inside the range, that value is what goes.
 */
function spanOf(text: string, report: SecretLintRuleReportDescriptor): [number, number] {
  const [start, end] = report.range;
  for (const value of reportedValue(report)) {
    if (text.startsWith(value, start)) break;
    const at = text.slice(start, end + value.length).indexOf(value);
    if (at !== -1) return [start + at, start + at + value.length];
  }
  return [start, end];
}

/**
 * A rule may stop inside a longer run of token characters (secretlint's Slack rule takes 40
 * characters of a 64-character `xapp-` segment and ends at the `-` before it); the run's rest is
 * the same secret, so the span goes on to the run's end.
 */
function extendOverToken(text: string, [start, end]: [number, number]): [number, number] {
  if (end > start && /[A-Za-z0-9]/.test(text[end - 1] ?? '')) {
    const rest = /^[A-Za-z0-9_-]{0,2000}/.exec(text.slice(end, end + 2000))![0];
    if (rest) end += rest.length;
  }
  return [start, end];
}

function sourceOf(content: string): SecretLintSourceCode {
  let lineStarts: number[] | undefined;
  const starts = () => (lineStarts ??= [0, ...Array.from(content.matchAll(/\r\n|\r|\n/g), (m) => m.index + m[0].length)]);
  const indexToPosition = (index: number) => {
    const s = starts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - s[lo] };
  };
  const positionToIndex = (pos: { line: number; column: number }) => (starts()[pos.line - 1] ?? content.length) + pos.column;
  return {
    hasBOM: false,
    content,
    filePath: undefined,
    physicalFilePath: undefined,
    contentType: 'text',
    ext: '',
    getFilePath: () => undefined,
    getPhysicalFilePath: () => undefined,
    indexToPosition,
    positionToIndex,
    locationToRange: (loc) => [positionToIndex(loc.start), positionToIndex(loc.end)],
    rangeToLocation: (range) => ({ start: indexToPosition(range[0]), end: indexToPosition(range[1]) }),
  };
}

/** The message id only: the rules' messages quote the secret, and are never shown. */
function createTranslator<T extends SecretLintRuleLocalizeMessages>(_messages: T): SecretLintRuleMessageTranslate<T> {
  return (messageId, props) => ({ message: String(messageId), messageId: String(messageId), data: props });
}

/** Every secret the preset's rules find in `text`, as spans that do not overlap, in order. */
export function ruleSpans(text: string): RuleSpan[] {
  if (!mayHoldRuleSecret(text)) return [];
  const source = sourceOf(text);
  const found: RuleSpan[] = [];
  for (const rule of presetRules()) {
    const id = rule.meta.id;
    const context: SecretLintRuleContext = {
      sharedOptions: {},
      createTranslator,
      report(report) {
        const [start, end] = extendOverToken(text, spanOf(text, report));
        if (end > start) found.push({ start, end, kind: RULE_KINDS[`${id}#${report.message.messageId}`] ?? RULE_KINDS[id] ?? 'other-secret' });
      },
      ignore() {},
    };
    // A rule is made for one source, as secretlint's own runner does (cheap: it compiles no more than a few regexes).
    const result = rule.create(context, {}).file?.(source);
    if (result && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).catch(() => undefined);
      throw new Error(`secretlint rule ${id} answered asynchronously; redaction needs every rule synchronous`);
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: RuleSpan[] = [];
  for (const s of found) {
    const last = spans[spans.length - 1];
    if (!last || s.start >= last.end) spans.push(s);
    else if (s.end > last.end) last.end = s.end; // overlapping finds of two rules: both go, under the first's kind
  }
  return spans;
}
