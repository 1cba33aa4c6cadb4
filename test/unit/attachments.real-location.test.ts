// Hole 3 of issue 10: a file is judged where it really is — a link cannot carry a denied file out
// under another name, and a file outside the workspace is judged by its whole path, not its name.
import assert from 'node:assert/strict';
import { collectAttachments, matchDenyListOutside, PathFilter, SentFiles, type Candidate } from '../../src/core/attachments';
import { runToolCall } from '../../src/core/tools';
import { diskWorkspace } from './tools.support';

const options = () => ({ filter: new PathFilter('private/\n'), trusted: true, sent: new SentFiles() });
const file = (path: string, real: Candidate['real'], text = 'aws_access_key = placeholder\n'): Candidate => ({ kind: 'file', path, languageId: 'ini', text, explicit: false, real });
const selection = (path: string, real: Candidate['real']): Candidate => ({ kind: 'selection', path, languageId: 'ini', text: '[default]\nregion = eu-west-1', range: { startLine: 1, endLine: 2 }, explicit: true, real });

describe('files judged where they really are', () => {
  it('credential locations outside the workspace are denied by their whole path, on every platform\'s spelling', () => {
    for (const p of [
      '/home/dev/.aws/credentials', '/home/dev/.aws/config', '/Users/Dev/.AWS/Credentials', 'C:\\Users\\dev\\.aws\\credentials', 'c:/Users/dev/.kube/config',
      '/home/dev/.kube/config', '/home/dev/.netrc', 'C:\\Users\\dev\\_netrc', '/home/dev/.npmrc', '/home/dev/.docker/config.json',
      '/home/dev/.ssh/id_ed25519', '/home/dev/.ssh/config', '/home/dev/.config/gcloud/application_default_credentials.json', '/home/dev/.config/gh/hosts.yml',
      '/home/dev/.git-credentials', '/home/dev/.pgpass', '/home/dev/.azure/accessTokens.json', '/home/dev/.gnupg/private-keys-v1.d/x.key', '/etc/shadow',
      '/home/dev/.cargo/credentials.toml', '/home/dev/.m2/settings.xml', '/home/dev/.terraform.d/credentials.tfrc.json', '/home/dev/.vault-token',
    ]) assert.ok(matchDenyListOutside(p), p);
  });

  it('ordinary files outside the workspace are not', () => {
    for (const p of ['/home/dev/notes/todo.md', '/home/dev/projects/app/src/config.ts', '/tmp/credentials-report.md', 'C:\\Users\\dev\\Documents\\plan.txt', '/home/dev/.config/Code/User/settings.json', '/home/dev/docker/config.json.md']) {
      assert.equal(matchDenyListOutside(p), undefined, p);
    }
  });

  it('an open ~/.aws/credentials, known by its name only, is not sent: neither the file nor a selection in it', () => {
    const result = collectAttachments([selection('credentials', { outside: '/home/dev/.aws/credentials' }), file('config', { outside: '/home/dev/.kube/config' })], options());
    assert.equal(result.attachments.length, 0);
    assert.deepEqual(result.refused.map((r) => r.path), ['credentials', 'config']);
    assert.match(result.refused[0].reason, /outside the workspace on the default deny list/);
  });

  it('a workspace file that links to a credentials file outside, or to a denied or ignored file inside, is not sent', () => {
    const result = collectAttachments([
      file('src/settings.ini', { outside: '/home/dev/.aws/credentials' }),
      file('src/env.txt', { inWorkspace: '.env' }),
      file('docs/link.md', { inWorkspace: 'private/plan.md' }),
    ], options());
    assert.equal(result.attachments.length, 0);
    assert.match(result.refused[1].reason, /links to \.env/);
    assert.match(result.refused[2].reason, /links to private\/plan\.md.*\.assistantignore/);
  });

  it('negative control: a file that is where it says, or links to an ordinary file, is sent', () => {
    const result = collectAttachments([file('src/a.ts', { inWorkspace: 'src/a.ts' }, 'export const a = 1;\n'), file('src/b.ts', { inWorkspace: 'lib/b.ts' }, 'export const b = 2;\n'), file('notes.md', { outside: '/home/dev/notes.md' }, '# notes\n')], options());
    assert.deepEqual(result.attachments.map((a) => a.path), ['src/a.ts', 'src/b.ts', 'notes.md']);
  });

  it('get_selection refuses a selection whose document really is a credentials file', async () => {
    const ws = await diskWorkspace({ 'src/a.ts': 'x\n' });
    try {
      ws.port.currentSelection = { path: 'credentials', languageId: 'ini', startLine: 1, endLine: 1, text: 'aws_secret_access_key = x', real: { outside: '/home/dev/.aws/credentials' } };
      const r = await runToolCall({ name: 'get_selection', arguments: '{}' }, ws.port);
      assert.equal(r.ok, false);
      assert.match(r.output, /deny list/);
    } finally {
      await ws.dispose();
    }
  });
});
