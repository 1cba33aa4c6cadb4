// The kinds of secret redaction tells the user about (E3): "Redacted 2 GitHub tokens in src/a.ts".
// A kind comes from the project's own patterns (./patterns.ts) or from a secretlint rule
// (./secretlint-rules.ts maps each rule to one); the placeholder left in the text names it.

/** How each kind reads in a notice, singular and plural; the order is the order findings are listed in. */
export const SECRET_LABELS = {
  'private-key': ['private key', 'private keys'],
  'aws-access-key-id': ['AWS access key ID', 'AWS access key IDs'],
  'aws-secret-access-key': ['AWS secret access key', 'AWS secret access keys'],
  'azure-key': ['Azure account or access key', 'Azure account or access keys'],
  'google-api-key': ['Google API key', 'Google API keys'],
  'google-oauth-secret': ['Google OAuth client secret', 'Google OAuth client secrets'],
  'github-token': ['GitHub token', 'GitHub tokens'],
  'gitlab-token': ['GitLab token', 'GitLab tokens'],
  'npm-token': ['npm token', 'npm tokens'],
  'openai-key': ['OpenAI API key', 'OpenAI API keys'],
  'anthropic-key': ['Anthropic API key', 'Anthropic API keys'],
  'groq-key': ['Groq API key', 'Groq API keys'],
  'huggingface-token': ['Hugging Face token', 'Hugging Face tokens'],
  'stripe-key': ['Stripe secret or restricted key', 'Stripe secret or restricted keys'],
  'stripe-webhook-secret': ['Stripe webhook signing secret', 'Stripe webhook signing secrets'],
  'sendgrid-key': ['SendGrid API key', 'SendGrid API keys'],
  'slack-token': ['Slack token', 'Slack tokens'],
  'slack-webhook': ['Slack webhook URL', 'Slack webhook URLs'],
  'shopify-token': ['Shopify token', 'Shopify tokens'],
  'linear-key': ['Linear API key', 'Linear API keys'],
  'notion-token': ['Notion token', 'Notion tokens'],
  'grafana-token': ['Grafana token', 'Grafana tokens'],
  'onepassword-token': ['1Password service account token', '1Password service account tokens'],
  'vault-token': ['HashiCorp Vault token', 'HashiCorp Vault tokens'],
  'vercel-token': ['Vercel token', 'Vercel tokens'],
  'databricks-token': ['Databricks token', 'Databricks tokens'],
  'docker-token': ['Docker access token', 'Docker access tokens'],
  'figma-token': ['Figma token', 'Figma tokens'],
  'cloudflare-token': ['Cloudflare API key or token', 'Cloudflare API keys or tokens'],
  'tailscale-key': ['Tailscale key', 'Tailscale keys'],
  jwt: ['JSON Web Token', 'JSON Web Tokens'],
  'auth-header': ['credential in an HTTP header', 'credentials in HTTP headers'],
  'url-password': ['password in a URL', 'passwords in URLs'],
  'database-url': ['database connection string with a password', 'database connection strings with passwords'],
  'connection-string-password': ['password in a connection string', 'passwords in connection strings'],
  'assigned-secret': ['hard-coded password or secret', 'hard-coded passwords or secrets'],
  'other-secret': ['other secret', 'other secrets'],
} as const satisfies Record<string, readonly [string, string]>;

export type SecretKind = keyof typeof SECRET_LABELS;

export interface Finding {
  kind: SecretKind;
  count: number;
}

const ORDER = new Map(Object.keys(SECRET_LABELS).map((kind, i) => [kind, i]));

/** Findings from counts, in the order of SECRET_LABELS (whichever detector found them). */
export function findingsOf(counts: ReadonlyMap<SecretKind, number>): Finding[] {
  return Array.from(counts, ([kind, count]) => ({ kind, count })).sort((a, b) => ORDER.get(a.kind)! - ORDER.get(b.kind)!);
}

/** "1 GitHub token", "2 GitHub tokens". */
export function describeFinding(f: Finding): string {
  const [one, many] = SECRET_LABELS[f.kind];
  return `${f.count} ${f.count === 1 ? one : many}`;
}

export function placeholder(kind: SecretKind): string {
  return `[REDACTED: ${kind}]`;
}
