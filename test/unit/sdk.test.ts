import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { isSdkError, sdk } from '../../src/core/sdk/sdk';

describe('the SDK, loaded on first use', () => {
  it('is the openai package itself, so its errors are the classes the SDK throws', () => {
    assert.equal(sdk().OpenAI, OpenAI);
    assert.equal(sdk().APIError, OpenAI.APIError);
  });

  it('tells an SDK error by its class, subclasses included', () => {
    const notFound = OpenAI.APIError.generate(404, { error: { message: 'gone' } }, 'gone', new Headers());
    assert.ok(isSdkError(notFound, 'NotFoundError'));
    assert.ok(isSdkError(notFound, 'APIError'));
    assert.ok(!isSdkError(notFound, 'RateLimitError'));
    assert.ok(isSdkError(new OpenAI.APIConnectionTimeoutError(), 'APIConnectionError'));
  });

  it('is not fooled by look-alikes', () => {
    const lookAlike = Object.assign(new Error('gone'), { name: 'NotFoundError', status: 404 });
    assert.ok(!isSdkError(lookAlike, 'NotFoundError'));
    assert.ok(!isSdkError({ status: 404 }, 'APIError'));
    assert.ok(!isSdkError(undefined, 'APIError'));
  });
});
