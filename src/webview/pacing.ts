// When the panel shows the text of a stream: on the next frame, or, for a burst, spaced out by what
// rendering costs on this machine. Pure: main.ts gives it the clock and the measured render times.

/** Faster than this (2,000 characters a second: several times what a hosted model streams; a very fast
 * model, or a burst after a stall) a stream is a burst, shown at intervals rather than on every frame. */
export const BURST_CHARS_PER_MS = 2;
/** A burst renders at most ~1/RENDER_SHARE_DIVISOR of the time (about 3%): each render has a fixed cost
 * whatever the amount of new text (parse, sanitise, style and layout of the new nodes: 1–2 ms on a
 * fast machine, ~4 ms on a 2-core one), so spacing renders by their cost keeps a long burst from
 * costing more than a few times one render of the whole answer, on any machine. */
export const RENDER_SHARE_DIVISOR = 32;
/** Bounds of the interval: at least 6 frames (10 updates a second, where a render is cheap), at most
 * 12 (5 a second, where a render is slow): either way a burst reads as a continuous stream. */
export const MIN_INTERVAL_MS = 96;
export const MAX_INTERVAL_MS = 192;

export class BurstPacer {
  private lastRender = -Infinity;
  /** Average main-thread time of recent renders (ms); 0 until the first. */
  private cost = 0;

  /** The interval between renders of a burst, from the renders' measured cost. */
  interval(): number {
    return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, this.cost * RENDER_SHARE_DIVISOR));
  }

  /** Whether `waiting` characters received since the last render should be shown at `now` (ms). The
   * first text of a stream, and any text after a pause of an interval, shows at once. */
  due(now: number, waiting: number): boolean {
    const since = now - this.lastRender;
    return since >= this.interval() || waiting <= BURST_CHARS_PER_MS * since;
  }

  /** Notes a render at `now` that took `costMs` of main-thread time. */
  rendered(now: number, costMs: number): void {
    this.lastRender = now;
    this.cost = this.cost ? 0.75 * this.cost + 0.25 * costMs : costMs;
  }
}
