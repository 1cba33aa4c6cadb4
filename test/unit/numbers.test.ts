import assert from 'node:assert/strict';
import { formatCount } from '../../src/shared/numbers';

describe('numbers as the product writes them', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_000, 123_456, 1_000_000, 98_765_432_1, -4096, 2.5, 0.125, 1234.5678, 1e15]) {
      assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
    }
  });
});
