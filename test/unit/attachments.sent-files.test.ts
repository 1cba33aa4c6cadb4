import assert from 'node:assert/strict';
import { SentFiles } from '../../src/core/attachments';

describe('attachments: sent files', () => {
  it('hashes with sha256', () => {
    assert.equal(new SentFiles().hashOf(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('records hashes per path and compares them', () => {
    const sent = new SentFiles();
    const hash = sent.hashOf('a');
    assert.equal(sent.isUnchanged('src/a.ts', hash), false);
    sent.record('src/a.ts', hash);
    assert.equal(sent.isUnchanged('src/a.ts', hash), true);
    assert.equal(sent.isUnchanged('src/a.ts', sent.hashOf('b')), false);
    assert.equal(sent.isUnchanged('src/b.ts', hash), false);
  });

  it('survives a JSON round trip, including odd path names', () => {
    const sent = new SentFiles();
    sent.record('src/a.ts', 'h1');
    sent.record('__proto__', 'h2');
    sent.record('constructor', 'h3');
    const restored = new SentFiles(JSON.parse(JSON.stringify(sent)) as Record<string, string>);
    assert.equal(restored.isUnchanged('src/a.ts', 'h1'), true);
    assert.equal(restored.isUnchanged('__proto__', 'h2'), true);
    assert.equal(restored.isUnchanged('constructor', 'h3'), true);
    assert.equal(new SentFiles().isUnchanged('constructor', 'h3'), false);
  });

  it('drops malformed stored entries', () => {
    const restored = new SentFiles({ 'a.ts': 42, 'b.ts': 'h' } as unknown as Record<string, string>);
    assert.deepEqual(restored.toJSON(), { 'b.ts': 'h' });
  });
});
