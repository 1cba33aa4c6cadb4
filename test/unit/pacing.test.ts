// The panel's pacing of streamed text (src/webview/pacing.ts): slow streams show on the next frame;
// a burst is spaced by what its renders cost, within bounds.
import assert from 'node:assert/strict';
import { BURST_CHARS_PER_MS, BurstPacer, MAX_INTERVAL_MS, MIN_INTERVAL_MS, RENDER_SHARE_DIVISOR } from '../../src/webview/pacing';

const FRAME = 1000 / 60;

describe('webview pacing of streamed text', () => {
  it('the first text of a stream shows at once, and so does text after a pause', () => {
    const pacer = new BurstPacer();
    assert.equal(pacer.due(1000, 50_000), true, 'nothing rendered yet');
    pacer.rendered(1000, 4);
    assert.equal(pacer.due(1000 + MAX_INTERVAL_MS, 50_000), true, 'a pause of the longest interval');
  });

  it('a stream slower than 2,000 characters a second shows on every frame', () => {
    const pacer = new BurstPacer();
    pacer.rendered(0, 4);
    assert.equal(pacer.due(FRAME, Math.floor(BURST_CHARS_PER_MS * FRAME)), true);
  });

  it('a burst waits for the interval, which follows the cost of the renders', () => {
    const pacer = new BurstPacer();
    pacer.rendered(0, 4);
    assert.equal(pacer.interval(), 4 * RENDER_SHARE_DIVISOR);
    const burst = (since: number) => Math.ceil(12 * since); // 12,000 characters a second
    assert.equal(pacer.due(FRAME, burst(FRAME)), false, 'a frame later');
    assert.equal(pacer.due(pacer.interval() - 1, burst(pacer.interval() - 1)), false, 'just before the interval');
    assert.equal(pacer.due(pacer.interval(), burst(pacer.interval())), true, 'at the interval');
  });

  it('the interval stays within its bounds, and one slow render moves it only part of the way', () => {
    const cheap = new BurstPacer();
    cheap.rendered(0, 0.5);
    assert.equal(cheap.interval(), MIN_INTERVAL_MS);
    const slow = new BurstPacer();
    slow.rendered(0, 100);
    assert.equal(slow.interval(), MAX_INTERVAL_MS);
    const steady = new BurstPacer();
    for (let i = 0; i < 20; i++) steady.rendered(i * 150, 4);
    steady.rendered(3000, 10); // one render of a big block
    assert.ok(steady.interval() > 4 * RENDER_SHARE_DIVISOR && steady.interval() < 10 * RENDER_SHARE_DIVISOR, String(steady.interval()));
  });
});
