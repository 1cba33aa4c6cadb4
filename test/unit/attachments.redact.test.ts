import assert from 'node:assert/strict';
import { describeFinding, redactSecrets } from '../../src/core/attachments';

// Fixtures are assembled at run time so secret scanners do not flag this file.
const GITHUB_CLASSIC = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'f6G7h8';
const GITHUB_FINE = 'github_pat_' + '11ABCDEFG0123456789abc' + '_' + 'x'.repeat(59);
const AWS_ID = 'AKIA' + 'IOSFODNN7EXAMPLE';
const AWS_STS_ID = 'ASIA' + 'Y34FZKBOKMUTVV7A';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const OPENAI_PROJECT = 'sk-' + 'proj-' + 'Ab3_dE6-gH9'.repeat(8);
const OPENAI_LEGACY = 'sk-' + 'T3BlbkFJ' + 'a1B2c3D4e5F6'.repeat(4);
const SLACK = 'xox' + 'b-' + '1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ' + '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM = ['-----BEGIN ' + 'RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END ' + 'RSA PRIVATE KEY-----'].join('\n');

function kinds(text: string): Record<string, number> {
  return Object.fromEntries(redactSecrets(text).findings.map((f) => [f.kind, f.count]));
}

describe('attachments: redaction (E3)', () => {
  it('E3 redacts GitHub tokens (classic and fine-grained) and names the kind', () => {
    const { text, findings } = redactSecrets(`const a = "${GITHUB_CLASSIC}";\nconst b = '${GITHUB_FINE}';`);
    assert.equal(text, `const a = "[REDACTED: github-token]";\nconst b = '[REDACTED: github-token]';`);
    assert.deepEqual(findings, [{ kind: 'github-token', count: 2 }]);
    for (const prefix of ['gho_', 'ghu_', 'ghs_', 'ghr_']) {
      assert.deepEqual(kinds(prefix + 'x'.repeat(36)), { 'github-token': 1 }, prefix);
    }
  });

  it('E3 redacts AWS access key ids (AKIA and ASIA) and named secret keys', () => {
    const ini = `[default]\naws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\n`;
    const { text } = redactSecrets(ini);
    assert.equal(text, '[default]\naws_access_key_id = [REDACTED: aws-access-key-id]\naws_secret_access_key = [REDACTED: aws-secret-access-key]\n');
    assert.deepEqual(kinds(`id=${AWS_STS_ID}`), { 'aws-access-key-id': 1 });
    assert.deepEqual(kinds(`"AWS_SECRET_ACCESS_KEY": "${AWS_SECRET}"`), { 'aws-secret-access-key': 1 });
  });

  it('E3 redacts OpenAI keys, project and legacy', () => {
    assert.equal(redactSecrets(`OPENAI=${OPENAI_PROJECT}`).text, 'OPENAI=[REDACTED: openai-key]');
    assert.deepEqual(kinds(`client = OpenAI(api_key=${OPENAI_LEGACY})`), { 'openai-key': 1 });
  });

  it('E3 redacts Slack tokens', () => {
    assert.equal(redactSecrets(`slack(${SLACK})`).text, 'slack([REDACTED: slack-token])');
  });

  it('E3 redacts a whole private-key block, and a block cut off before its end', () => {
    const { text, findings } = redactSecrets(`before\n${PEM}\nafter`);
    assert.equal(text, 'before\n[REDACTED: private-key]\nafter');
    assert.deepEqual(findings, [{ kind: 'private-key', count: 1 }]);
    const partial = PEM.split('\n').slice(0, 2).join('\n');
    assert.equal(redactSecrets(`x\n${partial}`).text, 'x\n[REDACTED: private-key]');
    assert.deepEqual(kinds('-----BEGIN ' + 'OPENSSH PRIVATE KEY-----\nabc\n-----END ' + 'OPENSSH PRIVATE KEY-----'), { 'private-key': 1 });
    assert.deepEqual(kinds('-----BEGIN ' + 'PRIVATE KEY-----\nabc\n-----END ' + 'PRIVATE KEY-----'), { 'private-key': 1 });
  });

  it('E3 redacts JWTs', () => {
    assert.equal(redactSecrets(`Authorization: Bearer ${JWT}`).text, 'Authorization: Bearer [REDACTED: jwt]');
  });

  it('E3 redacts the value of password/secret/token/api_key assignments, not the name', () => {
    const cases: Array<[string, string]> = [
      ['password = "hunter2!"', 'password = "[REDACTED: assigned-secret]"'],
      ["const DB_PASSWORD = 'Tr0ub4dor&3';", "const DB_PASSWORD = '[REDACTED: assigned-secret]';"],
      ['{"client_secret": "4f9a8c7e6d"}', '{"client_secret": "[REDACTED: assigned-secret]"}'],
      ['githubToken: `abc123def456`,', 'githubToken: `[REDACTED: assigned-secret]`,'],
      ['API_KEY := "k-98765"', 'API_KEY := "[REDACTED: assigned-secret]"'],
      ["login(password=\"it's-me-42\")", 'login(password="[REDACTED: assigned-secret]")'],
      ['  password: hunter2', '  password: [REDACTED: assigned-secret]'],
      ['export SECRET_KEY=django-insecure-9x8y7z', 'export SECRET_KEY=[REDACTED: assigned-secret]'],
      ['DATABASE_URL=postgres://app:S3cr3tPw@db:5432/app', 'DATABASE_URL=postgres://app:[REDACTED: url-password]@db:5432/app'],
    ];
    for (const [input, expected] of cases) assert.equal(redactSecrets(input).text, expected, input);
  });

  it('E3 counts by kind, and describes findings for the notice', () => {
    const { findings } = redactSecrets(`${GITHUB_CLASSIC} ${GITHUB_CLASSIC} ${AWS_ID}`);
    assert.deepEqual(findings, [{ kind: 'aws-access-key-id', count: 1 }, { kind: 'github-token', count: 2 }]);
    assert.equal(describeFinding({ kind: 'github-token', count: 1 }), '1 GitHub token');
    assert.equal(describeFinding({ kind: 'github-token', count: 2 }), '2 GitHub tokens');
  });

  it('E3 does not count a redaction twice when a token is assigned to a secret-named variable', () => {
    const { text, findings } = redactSecrets(`token = "${GITHUB_CLASSIC}"`);
    assert.equal(text, 'token = "[REDACTED: github-token]"');
    assert.deepEqual(findings, [{ kind: 'github-token', count: 1 }]);
  });

  it('E3 leaves ordinary TypeScript alone', () => {
    const ts = [
      "import { createHash } from 'node:crypto';",
      'export interface Credentials { password: string; token?: string; apiKey: string }',
      'const tokenizer = "gpt2"; const tokenType = "Bearer"; const max_tokens = 4096;',
      "const PASSWORD_LABEL = 'Password'; const secretName = 'db-secret';",
      'function login(password: string): Promise<Token> { return api.post("/login", { password }); }',
      'if (token === "") throw new Error("missing token");',
      'const headers = { Authorization: `Bearer ${token}` };',
      'errors.password = "Password is too short";',
      "const token = await getToken(); const apiKey = process.env.OPENAI_API_KEY ?? '';",
      "const skeleton = 'sk-spinner-fading-circle-large'; const key = `${user.id}:${session}`;",
      'const url = "http://localhost:8080/api?x=1"; // see https://example.com/docs#token',
      'const hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";',
      "const messages = { password: 'Password', token: 'Token' };",
      'type Secret = { readonly secret: string };',
    ].join('\n');
    assert.deepEqual(redactSecrets(ts), { text: ts, findings: [] });
  });

  it('E3 leaves ordinary Python alone', () => {
    const py = [
      'import os',
      'API_KEY = os.environ["OPENAI_API_KEY"]',
      'password = getpass.getpass("Password: ")',
      'token = request.headers.get("Authorization")',
      'api_key = settings.api_key',
      'if password == "":',
      '    raise ValueError("empty password")',
      'def check_token(token: str) -> bool:',
      '    return hmac.compare_digest(token, expected_token)',
      'SECRET_KEY = os.getenv("SECRET_KEY", default=None)',
      'client = OpenAI(api_key=api_key)',
      'max_tokens: int = 1024',
    ].join('\n');
    assert.deepEqual(redactSecrets(py), { text: py, findings: [] });
  });

  it('E3 leaves placeholders and templates alone', () => {
    const text = ['password = "${DB_PASSWORD}"', 'token: "{{ token }}"', 'api_key = "<your-api-key>"', 'secret = "****"', 'password: ""', 'password = "x"'].join('\n');
    assert.deepEqual(redactSecrets(text).findings, []);
  });

  it('E3 stays fast on pathological input', () => {
    const big = 'a'.repeat(200_000) + ' token = ' + '_'.repeat(100_000) + ' eyJ' + 'A'.repeat(100_000);
    const start = Date.now();
    redactSecrets(big);
    assert.ok(Date.now() - start < 2_000, `took ${Date.now() - start} ms`);
  });

  it("E3 stays linear on input built against secretlint's rules and the header, URL and connection-string patterns", () => {
    // Each is ~300 KB of near-misses for one pattern: a prefix whose body never ends as it should.
    const inputs: Record<string, string> = {
      'GitHub app token without its dots': 'ghs_1_'.repeat(50_000),
      'GitHub app token with one dot': ('ghs_1_a.' + 'b'.repeat(2_000)).repeat(150),
      'SendGrid bodies too long': ('SG.a.' + 'a'.repeat(300) + ' ').repeat(1_000),
      'Slack token of dashes': 'xoxb-' + 'a-'.repeat(150_000),
      'URL with @ after @': ('http://u:' + 'p@'.repeat(100)).repeat(1_500),
      'URL password with no host': 'postgres://u:' + 'a'.repeat(300_000),
      'database URL of colons': ('mongodb://' + 'a:'.repeat(50)).repeat(3_000),
      'Authorization with a call': ('Authorization: ' + 'a1'.repeat(2_500) + '(').repeat(60),
      'connection string of spaces': (';password=' + 'a '.repeat(100)).repeat(1_500),
      'password= without an end': ('password=' + 'a'.repeat(150)).repeat(2_000),
      'quoted value of escapes': ('password = "' + 'a\\'.repeat(300)).repeat(500),
      'dotted names on lines': ('a.'.repeat(40) + 'token: ' + 'x'.repeat(400) + '\n').repeat(600),
      '1Password token without its end': ('ops_ey' + 'A'.repeat(1_300)).repeat(200),
      'npmrc token without an end': ('_authToken=' + 'a'.repeat(600)).repeat(500),
      'basic-auth URL of dots': ('https://' + 'a'.repeat(250) + ':' + 'b'.repeat(250) + '@' + 'c.'.repeat(200)).repeat(200),
      'AccountKey without an end': ('AccountKey=' + 'k'.repeat(3_000)).repeat(100),
      'letters and digits': '1a'.repeat(150_000),
    };
    for (const [name, text] of Object.entries(inputs)) {
      const start = Date.now();
      redactSecrets(text);
      assert.ok(Date.now() - start < 2_000, `${name}: took ${Date.now() - start} ms`);
    }
  });
});
