import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { classifyError, MissingApiKeyError, StreamFailureError } from '../../src/core/errors';

const headers = new Headers({ 'x-request-id': 'req_123' });
const apiError = (status: number, code?: string) => OpenAI.APIError.generate(status, { error: { message: 'server text', type: 'x', code } }, 'server text', headers);

describe('errors are mapped by type to user messages', () => {
  const cases: Array<[string, unknown, string, boolean]> = [
    ['missing key', new MissingApiKeyError(), 'missing-key', true],
    ['401', apiError(401, 'invalid_api_key'), 'auth', true],
    ['403', apiError(403), 'permission', false],
    ['404', apiError(404), 'not-found', true],
    ['429', apiError(429, 'rate_limit_exceeded'), 'rate-limit', true],
    ['H3 429 insufficient_quota', apiError(429, 'insufficient_quota'), 'quota', false],
    ['400 context', apiError(400, 'context_length_exceeded'), 'context-length', false],
    ['400', apiError(400), 'bad-request', false],
    ['500', apiError(500), 'server', true],
    ['connection', new OpenAI.APIConnectionError({ message: 'refused' }), 'offline', true],
    ['timeout', new OpenAI.APIConnectionTimeoutError(), 'timeout', true],
    ['stream', new StreamFailureError('bad', 'server_error'), 'stream', true],
    ['malformed frame', new SyntaxError('Unexpected token'), 'stream', true],
  ];
  for (const [name, err, kind, retryable] of cases) {
    it(`${name} → ${kind}`, () => {
      const result = classifyError(err, 'http://127.0.0.1:9/v1');
      assert.equal(result.kind, kind);
      assert.equal(result.retryable, retryable);
      if (err instanceof OpenAI.APIError && err.status) assert.equal(result.requestId, 'req_123');
    });
  }

  it('an unreachable server names the URL', () => {
    assert.match(classifyError(new OpenAI.APIConnectionError({ message: 'x' }), 'http://127.0.0.1:9/v1').message, /http:\/\/127\.0\.0\.1:9\/v1/);
  });
});
