import assert from 'node:assert/strict';
import { collectAttachments, contextItems, contextKey, PathFilter, recordSent, RootsFilter, SentFiles, type Candidate } from '../../src/core/attachments';

const selection: Candidate = { kind: 'selection', path: 'src/a.ts', languageId: 'typescript', range: { startLine: 3, endLine: 7 }, text: 'const a = 1;', explicit: true };
const file = (path: string, text: string): Candidate => ({ kind: 'file', path, languageId: 'typescript', text, explicit: false });

describe('attachments: context chips before sending (E4)', () => {
  it('E4 lists exactly what would be sent, in order, then what is kept back and what the user removed', () => {
    const sent = new SentFiles();
    recordSent(sent, collectAttachments([file('src/old.ts', 'export const old = 1;\n')], { filter: new PathFilter(), trusted: true, sent }));
    const collected = collectAttachments([selection, file('src/b.ts', 'export const b = 2;\n'), file('src/old.ts', 'export const old = 1;\n'), file('.env', 'KEY=1')], { filter: new PathFilter(), trusted: true, sent });
    const items = contextItems(collected, [file('src/removed.ts', '')]);
    assert.deepEqual(
      items.map((i) => [i.key, i.kind, i.state]),
      [
        ['src/a.ts:3-7', 'selection', 'send'],
        ['src/b.ts', 'file', 'send'],
        ['src/old.ts', 'file', 'unchanged'],
        ['.env', 'file', 'refused'],
        ['src/removed.ts', 'file', 'excluded'],
      ],
    );
    assert.deepEqual(items[0].range, { startLine: 3, endLine: 7 });
    assert.match(items[3].reason ?? '', /deny list/);
    // The chips name exactly the attachments that go out: nothing more, nothing less.
    const going = items.filter((i) => i.state === 'send' || i.state === 'unchanged').map((i) => i.path);
    assert.deepEqual(going, collected.attachments.map((a) => a.path));
  });

  it('E4 keys a selection by its lines, so removing one selection does not remove the next', () => {
    assert.equal(contextKey(selection), 'src/a.ts:3-7');
    assert.equal(contextKey({ ...selection, range: { startLine: 8, endLine: 9 } }), 'src/a.ts:8-9');
    assert.equal(contextKey(file('src/a.ts', '')), 'src/a.ts');
  });
});

describe('attachments: multi-root workspaces (D6, E2)', () => {
  const roots = new RootsFilter(new Map([
    ['api', new PathFilter('fixtures/\n*.log\n')],
    ['web', new PathFilter('dist/\n')],
  ]));

  it('E2 applies each folder\'s own .assistantignore to its files only', () => {
    assert.equal(roots.denies('api/fixtures/users.json').denied, true);
    assert.equal(roots.denies('api/server.log').denied, true);
    assert.equal(roots.denies('web/fixtures/users.json').denied, false);
    assert.equal(roots.denies('web/dist/app.js').denied, true);
    assert.equal(roots.denies('api/dist/app.js').denied, false);
  });

  it('E1 keeps the deny list everywhere, the folder name included', () => {
    assert.equal(roots.denies('web/.env').denied, true);
    assert.equal(roots.denies('.ssh/config').denied, true);
    assert.equal(roots.denies('other/secrets/key.txt').denied, true);
  });

  it('D6 refuses paths that could leave the folders, and names the ignore rule', () => {
    assert.equal(roots.denies('api/../../etc/passwd').denied, true);
    assert.equal(roots.denies('/home/user/.bashrc').denied, true);
    const verdict = roots.denies('api/fixtures/a.json');
    assert.ok(verdict.denied && /fixtures/.test(verdict.reason));
    assert.equal(roots.denies('Untitled-1').denied, false);
  });

  it('works as the policy of collectAttachments', () => {
    const result = collectAttachments([file('api/fixtures/a.json', '{}'), file('web/src/main.ts', 'export {};\n')], { filter: roots, trusted: true, sent: new SentFiles() });
    assert.deepEqual(result.attachments.map((a) => a.path), ['web/src/main.ts']);
    assert.deepEqual(result.refused.map((r) => r.path), ['api/fixtures/a.json']);
  });
});
