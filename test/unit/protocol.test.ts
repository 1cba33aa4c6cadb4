import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/shared/protocol';

describe('B1 webview messages are validated against the protocol', () => {
  it('accepts the known messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.equal(parseWebviewMessage({ type: 'ask', text: 'hi' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'retry', turnId: 'turn_1' }).ok, true);
  });

  it('rejects unknown types, extra fields, wrong types and non-objects', () => {
    for (const bad of [null, 'ready', [], { type: 'runTool', name: 'x' }, { type: 'ask', text: 'hi', apiKey: 'x' }, { type: 'ask', text: 42 }, { type: 'ask' }, { type: '__proto__' }, { type: 'toString' }]) {
      const result = parseWebviewMessage(bad);
      assert.equal(result.ok, false, JSON.stringify(bad));
    }
  });

  it('rejects oversized text', () => {
    assert.equal(parseWebviewMessage({ type: 'ask', text: 'x'.repeat(1_000_001) }).ok, false);
  });
});
