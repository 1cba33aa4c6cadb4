import assert from 'node:assert/strict';
import { matchDenyList, normalizeRelPath, PathFilter } from '../../src/core/attachments';

function reasonFor(filter: PathFilter, path: string): string | undefined {
  const verdict = filter.denies(path);
  return verdict.denied ? verdict.reason : undefined;
}

describe('attachments: deny list (E1)', () => {
  const filter = new PathFilter();

  // One path per rule, so removing any rule fails here.
  const denied: Array<[string, RegExp]> = [
    ['.env', /environment files/],
    ['.env.local', /environment files/],
    ['apps/web/.env.production', /environment files/],
    ['certs/server.pem', /private keys/],
    ['tls/server.key', /private keys/],
    ['store/client.p12', /keystores/],
    ['store/client.pfx', /keystores/],
    ['android/release.jks', /keystores/],
    ['android/release.keystore', /keystores/],
    ['keys/id_rsa', /SSH keys/],
    ['keys/id_rsa.pub', /SSH keys/],
    ['keys/id_ed25519', /SSH keys/],
    ['.ssh/config', /\.ssh folder/],
    ['home/.ssh/known_hosts', /\.ssh folder/],
    ['.aws/credentials', /\.aws folder/],
    ['.kube/config', /\.kube folder/],
    ['deploy/secrets/db.yaml', /secrets folders/],
    ['.git/config', /\.git folder/],
    ['.npmrc', /credentials files/],
    ['packages/a/.pypirc', /credentials files/],
    ['.netrc', /credentials files/],
  ];
  for (const [path, rule] of denied) {
    it(`E1 denies ${path}`, () => {
      const reason = reasonFor(filter, path);
      assert.ok(reason, `${path} should be denied`);
      assert.match(reason, /default deny list/);
      assert.match(reason, rule);
    });
  }

  it('E1 matches case-insensitively and at any depth', () => {
    for (const path of ['.ENV', 'A/B/C/.Env.Local', 'Certs/SERVER.PEM', 'x/.SSH/id', 'x/Secrets/a.txt', 'deep/.GIT/HEAD']) {
      assert.ok(matchDenyList(path), path);
    }
  });

  it('E1 treats backslashes as separators, so a Windows-style path cannot slip past', () => {
    assert.match(reasonFor(filter, '.ssh\\id_rsa') ?? '', /deny list/);
    assert.match(reasonFor(filter, 'config\\.env') ?? '', /deny list/);
  });

  it('E1 leaves ordinary files alone, including look-alikes', () => {
    for (const path of ['src/env.ts', 'src/environment/config.ts', 'docs/keys.md', 'src/secrets.ts', 'src/secret/x.ts', 'README.md', 'src/monkey.ts', 'a.pem.md', 'gitignore.txt', 'src/tokenizer.ts']) {
      assert.deepEqual(filter.denies(path), { denied: false }, path);
    }
  });
});

describe('attachments: malformed paths', () => {
  const filter = new PathFilter();
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    ['./', /empty/],
    ['/etc/passwd', /absolute/],
    ['C:/Users/me/a.ts', /absolute/],
    ['c:\\Users\\me\\a.ts', /absolute/],
    ['../outside.ts', /"\.\."/],
    ['src/../../outside.ts', /"\.\."/],
    ['src\\..\\..\\outside.ts', /"\.\."/],
    ['~/notes.txt', /home folder/],
    ['file:///etc/passwd', /URI/],
    ['src/a\0.ts', /NUL/],
  ];
  for (const [path, why] of cases) {
    it(`rejects ${JSON.stringify(path)}`, () => {
      assert.match(reasonFor(filter, path) ?? '(allowed)', why);
    });
  }

  it('normalises harmless forms instead of rejecting them', () => {
    assert.deepEqual(normalizeRelPath('./src//a.ts'), { path: 'src/a.ts' });
    assert.deepEqual(normalizeRelPath('src\\a.ts'), { path: 'src/a.ts' });
    assert.deepEqual(normalizeRelPath('build/'), { path: 'build/' });
    assert.deepEqual(filter.denies('./src/a.ts'), { denied: false });
  });
});

describe('attachments: .assistantignore (E2)', () => {
  const filter = new PathFilter(['# generated code', 'generated/', '*.log', '!keep.log', '/fixtures', 'docs/**/private-*.md', ''].join('\r\n'));

  it('E2 excludes paths matched by the ignore file, naming the rule', () => {
    assert.equal(reasonFor(filter, 'generated/api.ts'), 'it is excluded by .assistantignore (rule "generated/")');
    assert.match(reasonFor(filter, 'pkg/generated/deep/api.ts') ?? '', /generated\//);
    assert.match(reasonFor(filter, 'logs/app.log') ?? '', /\*\.log/);
    assert.match(reasonFor(filter, 'fixtures/a.json') ?? '', /\/fixtures/);
    assert.match(reasonFor(filter, 'docs/team/private-notes.md') ?? '', /private-/);
  });

  it('E2 follows gitignore semantics: negation, anchoring, case', () => {
    assert.deepEqual(filter.denies('keep.log'), { denied: false });
    assert.deepEqual(filter.denies('src/fixtures/a.json'), { denied: false }, '/fixtures is anchored to the root');
    assert.ok(filter.denies('GENERATED/Api.ts').denied);
    assert.deepEqual(filter.denies('src/app.ts'), { denied: false });
  });

  it('E2 cannot re-allow what the deny list denies', () => {
    const permissive = new PathFilter('!.env\n!*.pem\n!.ssh/\n');
    assert.match(reasonFor(permissive, '.env') ?? '', /deny list/);
    assert.match(reasonFor(permissive, 'a.pem') ?? '', /deny list/);
    assert.match(reasonFor(permissive, '.ssh/config') ?? '', /deny list/);
  });

  it('E2 survives an empty or odd ignore file', () => {
    assert.deepEqual(new PathFilter('').denies('a.ts'), { denied: false });
    assert.deepEqual(new PathFilter(undefined).denies('a.ts'), { denied: false });
    const odd = new PathFilter('[\n\\\n***\nvendor/\n');
    assert.ok(odd.denies('vendor/x.js').denied, 'the valid rule after odd ones still applies');
  });
});
