// Issue 10, hole 6: redaction was a short hand list. Key formats now come from secretlint's
// recommended rules (driven synchronously, src/core/secrets/secretlint-rules.ts), plus the
// project's patterns for what those rules lack (src/core/secrets/patterns.ts). Each provider is
// tested in several spellings and in the places keys are found: .env, shell, JSON, YAML, code
// string literals, HTTP headers and URLs; and next to them what must be left alone.
import assert from 'node:assert/strict';
import { rules as presetAll } from '@secretlint/secretlint-rule-preset-recommend';
import { redactSecrets } from '../../src/core/attachments';
import { mayHoldRuleSecret, presetRules, RULE_KINDS, ruleSpans, SKIPPED_RULES } from '../../src/core/secrets/secretlint-rules';
import { redactSecrets as redactAfresh, redactSecretsCached } from '../../src/core/secrets/redact';

// Fixtures are made at run time from a seeded generator, so that they look random (as keys are)
// and no secret scanner flags this file.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = ALNUM + '_-';
const LETTERS = ALNUM.slice(0, 52);
const HEX = '0123456789abcdef';
const DIGITS = '0123456789';
let seed = 20261204;
function body(n: number, alphabet = ALNUM): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    s += alphabet[(seed >>> 8) % alphabet.length];
  }
  return s;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

function kinds(text: string): Record<string, number> {
  return Object.fromEntries(redactSecrets(text).findings.map((f) => [f.kind, f.count]));
}

/** The places a key is found, given an environment name, a code name and the key. */
function places(envName: string, codeName: string, secret: string): string[] {
  return [
    `${envName}=${secret}`, // .env
    `export ${envName}="${secret}"`, // shell
    `{"${codeName}": "${secret}", "region": "eu-west-1"}`, // JSON
    `  ${codeName}: ${secret}`, // YAML
    `${codeName}: '${secret}'  # rotated monthly`, // YAML, quoted
    `const client = new Client({ ${codeName}: \`${secret}\`, timeout: 30 });`, // TS
    `client = Client(${codeName}="${secret}")`, // Python
    `curl -s -H "Authorization: Bearer ${secret}" https://api.example.com/v1/models`, // header
    `https://api.example.com/v1/models?key=${secret}&alt=json`, // URL query
  ];
}

interface Provider {
  kind: string;
  env: string;
  code: string;
  keys: string[];
}

const PROVIDERS: Provider[] = [
  { kind: 'google-api-key', env: 'GOOGLE_API_KEY', code: 'apiKey', keys: ['AIza' + body(35, URLSAFE), 'AIzaSy' + body(33, URLSAFE)] },
  { kind: 'google-oauth-secret', env: 'GOOGLE_CLIENT_SECRET', code: 'clientSecret', keys: ['GOCSPX-' + body(28, URLSAFE)] },
  {
    kind: 'stripe-key',
    env: 'STRIPE_SECRET_KEY',
    code: 'stripeKey',
    keys: ['sk_live_' + body(24), 'sk_live_51' + body(97), 'rk_live_' + body(32), 'sk_test_' + body(24), 'rk_test_' + body(40)],
  },
  { kind: 'stripe-webhook-secret', env: 'STRIPE_WEBHOOK_SECRET', code: 'webhookSecret', keys: ['whsec_' + body(32), 'whsec_' + body(64)] },
  {
    kind: 'anthropic-key',
    env: 'ANTHROPIC_API_KEY',
    code: 'apiKey',
    keys: ['sk-ant-api03-' + body(93, URLSAFE) + 'AA', 'sk-ant-admin01-' + body(93, URLSAFE) + 'AA', 'sk-ant-api04-' + body(40, URLSAFE), 'sk-ant-oat01-' + body(80, URLSAFE)],
  },
  { kind: 'gitlab-token', env: 'GITLAB_TOKEN', code: 'token', keys: ['glpat-' + body(20, URLSAFE), 'glpat-' + body(26, URLSAFE), 'gldt-' + body(20, URLSAFE), 'glrt-' + body(24, URLSAFE)] },
  { kind: 'npm-token', env: 'NPM_TOKEN', code: 'npmAuthToken', keys: ['npm_' + body(36)] },
  { kind: 'huggingface-token', env: 'HF_TOKEN', code: 'token', keys: ['hf_' + body(34, LETTERS), 'hf_' + body(34, LETTERS)] },
  { kind: 'sendgrid-key', env: 'SENDGRID_API_KEY', code: 'apiKey', keys: ['SG.' + body(22, URLSAFE) + '.' + body(43, URLSAFE), 'SG.' + body(22) + '.' + body(43)] },
  {
    kind: 'slack-webhook',
    env: 'SLACK_WEBHOOK_URL',
    code: 'webhookUrl',
    keys: [`https://hooks.slack.com/services/T${body(8, ALNUM)}/B${body(10)}/${body(24)}`, `https://hooks.slack.com/services/T${body(10)}/B${body(11)}/${body(24)}`],
  },
];

describe('secrets: redaction with secretlint rules and the project patterns (issue 10, hole 6)', () => {
  for (const p of PROVIDERS) {
    it(`E3 redacts ${p.kind} in every spelling and place, and only the key`, () => {
      for (const key of p.keys) {
        for (const text of places(p.env, p.code, key)) {
          const { text: out, findings } = redactSecrets(text);
          assert.equal(out, text.split(key).join(`[REDACTED: ${p.kind}]`), text);
          assert.deepEqual(findings, [{ kind: p.kind, count: 1 }], text);
        }
      }
    });
  }

  it('E3 redacts npm credentials in .npmrc, .yarnrc.yml and CI files', () => {
    const npm = 'npm_' + body(36);
    const legacy = `${body(8, HEX)}-${body(4, HEX)}-${body(4, HEX)}-${body(4, HEX)}-${body(12, HEX)}`;
    const auth = b64('ci-bot:' + body(16));
    const cases: Array<[string, string]> = [
      [`//registry.npmjs.org/:_authToken=${npm}`, '//registry.npmjs.org/:_authToken=[REDACTED: npm-token]'],
      [`//npm.example.com/repository/npm/:_authToken=${legacy}`, '//npm.example.com/repository/npm/:_authToken=[REDACTED: npm-token]'],
      [`_auth=${auth}\nalways-auth=true`, '_auth=[REDACTED: npm-token]\nalways-auth=true'],
      [`//npm.example.com/:_password=${auth}`, '//npm.example.com/:_password=[REDACTED: npm-token]'],
      [`npmAuthToken: "${npm}"`, 'npmAuthToken: "[REDACTED: npm-token]"'],
      [`        NODE_AUTH_TOKEN: ${npm}`, '        NODE_AUTH_TOKEN: [REDACTED: npm-token]'],
      [`echo "//registry.npmjs.org/:_authToken=${legacy}" > ~/.npmrc`, 'echo "//registry.npmjs.org/:_authToken=[REDACTED: npm-token]" > ~/.npmrc'],
    ];
    for (const [input, expected] of cases) assert.equal(redactSecrets(input).text, expected, input);
    const keep = ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '//registry.npmjs.org/:_authToken=$NPM_TOKEN', "process.env.npm_config_registry = 'https://registry.npmjs.org/'", 'npm_lifecycle_event=test'].join('\n');
    assert.deepEqual(redactSecrets(keep), { text: keep, findings: [] });
  });

  it('E3 redacts credentials in HTTP headers: Authorization with any scheme, x-api-key, api-key and the like', () => {
    const opaque = body(40);
    const basic = b64('deploy:' + body(12));
    const cases: Array<[string, string, string]> = [
      [`Authorization: Bearer ${opaque}`, opaque, 'Authorization: Bearer [REDACTED: auth-header]'],
      [`authorization: token ${opaque}`, opaque, 'authorization: token [REDACTED: auth-header]'],
      [`Authorization: Basic ${basic}`, basic, 'Authorization: Basic [REDACTED: auth-header]'],
      [`Proxy-Authorization: Basic ${basic}`, basic, 'Proxy-Authorization: Basic [REDACTED: auth-header]'],
      [`curl -s -H "Authorization: Bearer ${opaque}" https://api.example.com`, opaque, 'curl -s -H "Authorization: Bearer [REDACTED: auth-header]" https://api.example.com'],
      [`fetch(url, { headers: { "Authorization": "Bearer ${opaque}" } });`, opaque, 'fetch(url, { headers: { "Authorization": "Bearer [REDACTED: auth-header]" } });'],
      [`headers = {'Authorization': 'Token ${opaque}'}`, opaque, "headers = {'Authorization': 'Token [REDACTED: auth-header]'}"],
      [`x-api-key: ${opaque}`, opaque, 'x-api-key: [REDACTED: auth-header]'],
      [`X-API-Key: ${opaque}`, opaque, 'X-API-Key: [REDACTED: auth-header]'],
      [`const headers = { 'api-key': '${opaque}', 'Content-Type': 'application/json' };`, opaque, "const headers = { 'api-key': '[REDACTED: auth-header]', 'Content-Type': 'application/json' };"],
      [`{"headers": {"x-api-key": "${opaque}"}}`, opaque, '{"headers": {"x-api-key": "[REDACTED: auth-header]"}}'],
      [`curl -H 'x-goog-api-key: ${opaque}' https://example.com`, opaque, "curl -H 'x-goog-api-key: [REDACTED: auth-header]' https://example.com"],
      [`PRIVATE-TOKEN: ${opaque}`, opaque, 'PRIVATE-TOKEN: [REDACTED: auth-header]'],
      [`Ocp-Apim-Subscription-Key: ${body(32, HEX)}`, '', 'Ocp-Apim-Subscription-Key: [REDACTED: auth-header]'],
    ];
    for (const [input, secret, expected] of cases) {
      const { text, findings } = redactSecrets(input);
      assert.equal(text, expected, input);
      if (secret) assert.ok(!text.includes(secret));
      assert.deepEqual(findings, [{ kind: 'auth-header', count: 1 }], input);
    }
    // A provider's key in a header is named as that provider's.
    const gh = 'ghp_' + body(36);
    assert.equal(redactSecrets(`Authorization: token ${gh}`).text, 'Authorization: token [REDACTED: github-token]');
  });

  it('E3 leaves header code, templates and placeholders alone', () => {
    const text = [
      'Authorization: Bearer ${TOKEN}',
      'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
      'const headers = { Authorization: `Bearer ${token}` };',
      "headers = {'Authorization': f'Bearer {api_key}'}",
      'const headers = { Authorization: authHeader, "x-api-key": apiKey };',
      'Authorization: Bearer <token>',
      'Authorization: Bearer YOUR_TOKEN_HERE',
      'Authorization: Bearer sk-...',
      "x-api-key: process.env.ANTHROPIC_API_KEY",
      'api-key: $AZURE_OPENAI_API_KEY',
      "res.setHeader('Authorization', token);",
      "const key = request.headers['x-api-key'];",
      "const AUTH_HEADER = 'Authorization';",
    ].join('\n');
    assert.deepEqual(redactSecrets(text), { text, findings: [] });
  });

  it('E3 redacts Azure account and access keys in connection strings', () => {
    const key = body(86, ALNUM + '+/') + '==';
    const sas = body(43, ALNUM + '+/') + '=';
    const cases: Array<[string, string]> = [
      [`AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=${key};EndpointSuffix=core.windows.net`, 'AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=[REDACTED: azure-key];EndpointSuffix=core.windows.net'],
      [`{"Storage": "DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=${key}"}`, '{"Storage": "DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=[REDACTED: azure-key]"}'],
      [`var bus = "Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sas}";`, 'var bus = "Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=[REDACTED: azure-key]";'],
      [`  connection: "HostName=hub.azure-devices.net;DeviceId=d1;SharedAccessKey=${sas}"`, '  connection: "HostName=hub.azure-devices.net;DeviceId=d1;SharedAccessKey=[REDACTED: azure-key]"'],
    ];
    for (const [input, expected] of cases) {
      assert.equal(redactSecrets(input).text, expected, input);
      assert.deepEqual(kinds(input), { 'azure-key': 1 }, input);
    }
    const keep = ['AccountKey=<your-account-key>;', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${STORAGE_KEY}', 'UseDevelopmentStorage=true', 'SharedAccessKeyName=RootManageSharedAccessKey'].join('\n');
    assert.deepEqual(redactSecrets(keep), { text: keep, findings: [] });
  });

  it('E3 redacts a connection-string password whole, also one holding @ or #', () => {
    const cases: Array<[string, string, string]> = [
      ['postgres://app:p@ss@w0rd@db:5432/app', 'postgres://app:[REDACTED: url-password]@db:5432/app', 'url-password'],
      ['DATABASE_URL="mongodb+srv://admin:s3cr@t!@cluster0.example.net/shop?retryWrites=true"', 'DATABASE_URL="mongodb+srv://admin:[REDACTED: url-password]@cluster0.example.net/shop?retryWrites=true"', 'url-password'],
      ['mysql://root:My@Pass#1@localhost:3306/shop', 'mysql://root:[REDACTED: url-password]@localhost:3306/shop', 'url-password'],
      ['amqp://guest:gu@st!1@rabbit:5672/vhost', 'amqp://guest:[REDACTED: url-password]@rabbit:5672/vhost', 'url-password'],
      ['REDIS_URL=redis://:p@ssw0rd@cache:6379/0', 'REDIS_URL=redis://:[REDACTED: url-password]@cache:6379/0', 'url-password'],
      ['Server=tcp:db.example.net,1433;Database=shop;User ID=app;Password=p@ss w0rd;Encrypt=True;', 'Server=tcp:db.example.net,1433;Database=shop;User ID=app;Password=[REDACTED: connection-string-password];Encrypt=True;', 'connection-string-password'],
      ['"Default": "Host=db;Username=app;Password=hunter@two;Database=shop"', '"Default": "Host=db;Username=app;Password=[REDACTED: connection-string-password];Database=shop"', 'connection-string-password'],
      ['Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=app;Pwd={pa;ss@rd};', 'Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=app;Pwd=[REDACTED: connection-string-password];', 'connection-string-password'],
      ['jdbc:sqlserver://db:1433;databaseName=shop;user=app;password=Secr3t@99;', 'jdbc:sqlserver://db:1433;databaseName=shop;user=app;password=[REDACTED: connection-string-password];', 'connection-string-password'],
    ];
    for (const [input, expected, kind] of cases) {
      assert.equal(redactSecrets(input).text, expected, input);
      assert.deepEqual(kinds(input), { [kind]: 1 }, input);
    }
    const keep = [
      'postgres://app:${DB_PASSWORD}@db:5432/app',
      'postgres://user:<password>@host/db',
      'String.Format("Server={0};Password={1};", host, pw)',
      'cursor.execute("Password=%s;" % pw)',
      'Server=db;Integrated Security=SSPI;',
      'const url = "http://localhost:8080/api?x=1";',
      'git clone git@github.com:org/repo.git',
    ].join('\n');
    assert.deepEqual(redactSecrets(keep), { text: keep, findings: [] });
  });

  it('E3 redacts unquoted passwords without digits where only a value stands, not types or code', () => {
    const cases: Array<[string, string]> = [
      ['DB_PASSWORD=correcthorsebatterystaple', 'DB_PASSWORD=[REDACTED: assigned-secret]'],
      ['PGPASSWORD=letmeinplease', 'PGPASSWORD=[REDACTED: assigned-secret]'],
      ['password: correcthorse', 'password: [REDACTED: assigned-secret]'],
      ['  - password: horse-battery-staple', '  - password: [REDACTED: assigned-secret]'],
      ['spring.datasource.password=correcthorse', 'spring.datasource.password=[REDACTED: assigned-secret]'],
      ['db.password = Tr!cky&Pass', 'db.password = [REDACTED: assigned-secret]'],
      ['export ADMIN_PASSWORD=opensesame', 'export ADMIN_PASSWORD=[REDACTED: assigned-secret]'],
    ];
    for (const [input, expected] of cases) assert.equal(redactSecrets(input).text, expected, input);
    const keep = [
      'interface Login {',
      '  password: string',
      '  token: AccessToken',
      '  secret?: string',
      '}',
      'class Settings(BaseSettings):',
      '    password: str',
      '    secret: SecretStr',
      '    token: Optional[str] = None',
      'token = access_token',
      'password = new_password',
      'PASSWORD=$DB_PASSWORD',
      'password: ${DB_PASSWORD}',
      'token: ${{ secrets.GITHUB_TOKEN }}',
      'secret: /run/secrets/db_password',
      'password: *default_password',
      'password: required',
      'password: true',
      'token: null',
      'MYSQL_ROOT_PASSWORD_FILE: /run/secrets/db_root_password',
    ].join('\n');
    assert.deepEqual(redactSecrets(keep), { text: keep, findings: [] });
  });

  it("E3 runs the preset's other rules, each named by its own kind", () => {
    const opsJson = JSON.stringify({ email: 'ci@1passwordserviceaccounts.example', secretKey: body(40), srpX: body(64, HEX), signInAddress: 'example.1password.com' });
    // The token is `ops_` and the base64 of that JSON, which has to end in `fQ` (a closing brace on its own).
    const ops = 'ops_' + b64(opsJson.slice(0, -1) + ' '.repeat((3 - ((opsJson.length - 1) % 3)) % 3) + '}');
    const cases: Array<[string, string]> = [
      ['gsk_' + body(52), 'groq-key'],
      ['lin_api_' + body(40), 'linear-key'],
      ['ntn_' + body(11, DIGITS) + body(35), 'notion-token'],
      ['shpat_' + body(32, HEX), 'shopify-token'],
      ['hvs.' + body(95, URLSAFE), 'vault-token'],
      ['vcp_' + body(30), 'vercel-token'],
      ['dapi' + body(32, HEX), 'databricks-token'],
      ['dckr_pat_' + body(27, URLSAFE), 'docker-token'],
      ['figd_' + body(45, URLSAFE), 'figma-token'],
      ['cfut_' + body(40) + body(8, HEX), 'cloudflare-token'],
      ['tskey-auth-' + body(12) + '-' + body(30), 'tailscale-key'],
      ['glsa_' + body(32) + '_' + body(8, HEX), 'grafana-token'],
      ['xapp-1-A' + body(10, DIGITS) + '-' + body(13, DIGITS) + '-' + body(64, HEX), 'slack-token'],
      [ops, 'onepassword-token'],
    ];
    for (const [key, kind] of cases) {
      for (const text of [`SECRET_VALUE=${key}`, `{"value": "${key}"}`, `client.connect('${key}')`]) {
        const { text: out, findings } = redactSecrets(text);
        assert.equal(out, text.replace(key, `[REDACTED: ${kind}]`), text);
        assert.deepEqual(findings, [{ kind, count: 1 }], text);
      }
    }
  });

  it("E3 maps every rule of the preset to a kind (or says why it is not run), and every rule answers synchronously", () => {
    const ids = presetAll.map((r) => r.meta.id);
    for (const id of ids) assert.ok(id in RULE_KINDS || id in SKIPPED_RULES, `rule ${id} of the preset has no kind: add it to RULE_KINDS`);
    for (const key of Object.keys(RULE_KINDS)) assert.ok(ids.includes(key.split('#')[0]), `RULE_KINDS names ${key}, which the preset no longer has`);
    for (const rule of presetAll) {
      for (const messageId of Object.keys(rule.messages)) {
        if (rule.meta.id in SKIPPED_RULES) continue;
        assert.ok(RULE_KINDS[`${rule.meta.id}#${messageId}`] ?? RULE_KINDS[rule.meta.id], `${rule.meta.id} ${messageId}`);
      }
    }
    assert.equal(presetRules().length, ids.length - Object.keys(SKIPPED_RULES).length);
    // redactSecrets throws if a rule answers with a promise: run every fixture through all rules.
    const everything = PROVIDERS.flatMap((p) => p.keys).join('\n');
    assert.ok(redactSecrets(everything).findings.length > 0);
  });

  it("E3 redacts what a rule finds, not the name before it (the AWS rule's range starts at the name)", () => {
    const key = body(39, ALNUM + '/+') + 'Q';
    const text = `AWS_SECRET_ACCESS_KEY="${key}"`;
    const spans = ruleSpans(text);
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), [key]);
    assert.equal(redactSecrets(text).text, 'AWS_SECRET_ACCESS_KEY="[REDACTED: aws-secret-access-key]"');
  });

  it("E3 a file's secretlint-disable comments do not turn redaction off", () => {
    const npm = 'npm_' + body(36);
    const text = `// secretlint-disable\nconst token = "${npm}"; // secretlint-disable-line\n// secretlint-enable`;
    assert.equal(redactSecrets(text).text, '// secretlint-disable\nconst token = "[REDACTED: npm-token]"; // secretlint-disable-line\n// secretlint-enable');
  });

  it('E3 the rules load only for text that could hold one of their secrets (not for the activation log line)', () => {
    assert.equal(mayHoldRuleSecret('activated in 12.3 ms (code loading 5.1 + activate 7.2; 15.0 ms wall time; SDK not loaded yet)'), false);
    assert.equal(mayHoldRuleSecret('Workspace Assistant could not reach the server'), false);
    for (const key of PROVIDERS.flatMap((p) => p.keys)) assert.equal(mayHoldRuleSecret(`x ${key} y`), true, key);
  });

  it('E3 leaves ordinary code, data and placeholders alone', () => {
    const text = [
      "const a = 'sk-...'; const b = '<your-key>'; const c = `${API_KEY}`; const d = process.env.OPENAI_API_KEY;",
      'api_key = os.environ["ANTHROPIC_API_KEY"]',
      'token := os.Getenv("GITHUB_TOKEN")',
      'String password = System.getenv("DB_PASSWORD");',
      'export API_KEY="$(pass show api)"',
      'STRIPE_SECRET_KEY=sk_live_...',
      'GOOGLE_API_KEY=AIza...',
      'stripe.api_key = "sk_test_..."',
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/...',
      'from huggingface_hub import hf_hub_download',
      'path = hf_hub_download(repo_id="gpt2", filename="config.json")',
      '"integrity": "sha512-K3jPqjva8bQndDKJqctnGfwuAxU2n9XNCPtbXVI5JvC7FnQiNg/yWlQPbMUlBXtBoBGFYp08A94m6fvtc9v+zA=="',
      '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">',
      'commit 961b77a0c4e2f1d8b9a7e6f5d4c3b2a1f0e9d8c7',
      "const id = '3f2b8c1e-9d4a-4e6b-8f7c-2a1b0c9d8e7f';",
      '.sk-live-chat { color: red } .whsec-banner { display: none }',
      'const npmScript = process.env.npm_lifecycle_event;',
      '    "AzureWebJobsStorage": "UseDevelopmentStorage=true"',
    ].join('\n');
    assert.deepEqual(redactSecrets(text), { text, findings: [] });
  });
});

describe('redaction remembered for recent texts', () => {
  it('gives the same result as redacting afresh, for the same text and for others, without sharing findings', () => {
    const texts = ['token = "ghp_' + 'A1b2C3d4E5'.repeat(3) + 'f6G7h8"', 'const ordinary = 1;', 'AIza' + 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'];
    for (let round = 0; round < 3; round++) {
      for (const text of texts) assert.deepEqual(redactSecretsCached(text), redactAfresh(text));
    }
    const first = redactSecretsCached(texts[0]);
    first.findings.forEach((f) => (f.count = 99));
    assert.deepEqual(redactSecretsCached(texts[0]), redactAfresh(texts[0]));
  });
});
