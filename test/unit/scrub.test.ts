// C1: keys and URL credentials never reach the panel, the transcript, notifications or the log.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { classifyError } from '../../src/core/errors';
import { HIDDEN_KEY, rememberSecret, scrub, shownUrl } from '../../src/core/secrets/scrub';
import { ServerKeys } from '../../src/core/servers/keys';

const headers = new Headers({ 'x-request-id': 'req_1' });

describe('C1 keys are scrubbed from everything shown or kept', () => {
  it('a key the extension read is hidden wherever a server repeats it, in any shape of key', async () => {
    const keys = ['sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', 'gsk_live_4f9a8b7c6d5e', 'my-gateway-token-123', 'abcd1234efgh5678'];
    const store = new Map<string, string>();
    const serverKeys = new ServerKeys({ get: async (k) => store.get(k), store: async (k, v) => void store.set(k, v), delete: async (k) => void store.delete(k) }, { configuredBaseUrl: () => 'https://gateway.example/v1' });
    for (const key of keys) {
      await serverKeys.set('https://gateway.example/v1', key);
      const err = OpenAI.APIError.generate(401, { error: { message: `Incorrect API key provided: ${key}. You can find your API key at …`, code: 'invalid_api_key' } }, `401 Incorrect API key provided: ${key}`, headers);
      const shown = classifyError(err, 'https://gateway.example/v1');
      const all = JSON.stringify(shown);
      assert.ok(!all.includes(key), `${key} in ${all}`);
      assert.ok(all.includes(HIDDEN_KEY), all);
    }
  });

  it('OPENAI_API_KEY is recognised too once read', async () => {
    const env = 'env-key-7f3e2d1c0b9a';
    const serverKeys = new ServerKeys({ get: async () => undefined, store: async () => undefined, delete: async () => undefined }, { configuredBaseUrl: () => '', envKey: () => env });
    assert.equal(await serverKeys.get(), env);
    assert.equal(scrub(`bad key ${env}!`), `bad key ${HIDDEN_KEY}!`);
  });

  it('key-shaped strings and echoed credentials are hidden even when never read here', () => {
    for (const text of [
      'Incorrect API key provided: sk-proj-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp',
      'Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl',
      'x-api-key: 0123456789abcdef0123',
      'api-key=QWERTYUIOPASDFGHJKLZ',
      'token ghp_0123456789abcdefghijABCDEFGHIJ012345',
    ]) {
      const out = scrub(text);
      assert.ok(!/sk-proj-Zz9|eyJhbGciOi|0123456789abcdef0123|QWERTYUIOP|ghp_0123/.test(out), `${text} → ${out}`);
    }
  });

  it('URLs are shown without user name and password, in messages and on their own', () => {
    assert.equal(shownUrl('https://user:pa%40ss@gateway.example/v1'), 'https://gateway.example/v1');
    assert.equal(shownUrl('http://token@127.0.0.1:8080/v1'), 'http://127.0.0.1:8080/v1');
    assert.equal(shownUrl('https://api.openai.com/v1'), 'https://api.openai.com/v1');
    assert.equal(scrub('could not reach https://alice:s3cr3t@example.com/v1 (refused)'), 'could not reach https://example.com/v1 (refused)');
    const shown = classifyError(new OpenAI.APIConnectionError({ message: 'fetch failed' }), 'https://alice:s3cr3t@example.com/v1');
    assert.doesNotMatch(JSON.stringify(shown), /alice|s3cr3t/);
    assert.match(shown.message, /https:\/\/example\.com\/v1/);
  });

  it('ordinary text is left as it is', () => {
    for (const text of ['The model gpt-4.1-mini is not served.', 'See https://platform.openai.com/docs for details.', 'user@example.com wrote it', 'Rate limit reached for requests']) {
      assert.equal(scrub(text), text);
    }
    rememberSecret('short'); // too short to be a key: never matched
    assert.equal(scrub('a short answer'), 'a short answer');
  });
});
