// Per-turn limits on tool use (F11), for the turn runner's tool loop: so many calls, so much tool
// time; past either, the loop stops calling tools and tells the model (and the user) why.
import { MAX_TOOL_CALLS_PER_TURN, MAX_TOOL_TIME_PER_TURN_MS, TOOL_TIME_LIMIT_MS } from './limits';

export interface ToolBudgetOptions {
  readonly maxCalls?: number;
  readonly maxTimeMs?: number;
  /** Injected for tests. */
  readonly now?: () => number;
}

export type BudgetDecision = { readonly allowed: true; readonly timeLimitMs: number; readonly done: () => void } | { readonly allowed: false; readonly message: string };

export class ToolBudget {
  private calls = 0;
  private spentMs = 0;
  private readonly maxCalls: number;
  private readonly maxTimeMs: number;
  private readonly now: () => number;

  constructor(options: ToolBudgetOptions = {}) {
    this.maxCalls = options.maxCalls ?? MAX_TOOL_CALLS_PER_TURN;
    this.maxTimeMs = options.maxTimeMs ?? MAX_TOOL_TIME_PER_TURN_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether one more call may run. When it may, `timeLimitMs` is what to pass to runToolCall (the
   * per-call limit, or less when the turn's tool time is nearly spent) and `done()` must be called
   * when the call ends, to charge its time. When it may not, `message` is the output to give the model.
   */
  take(): BudgetDecision {
    if (this.calls >= this.maxCalls) {
      return { allowed: false, message: JSON.stringify({ error: `the limit of ${this.maxCalls} tool calls per message is reached; answer with what you have, and say what is missing` }) };
    }
    const left = this.maxTimeMs - this.spentMs;
    if (left <= 0) {
      return { allowed: false, message: JSON.stringify({ error: `the tools have used their ${this.maxTimeMs / 1000} s for this message; answer with what you have, and say what is missing` }) };
    }
    this.calls++;
    const started = this.now();
    let charged = false;
    return {
      allowed: true,
      timeLimitMs: Math.min(TOOL_TIME_LIMIT_MS, left),
      done: () => {
        if (charged) return;
        charged = true;
        this.spentMs += Math.max(0, this.now() - started);
      },
    };
  }

  get callsMade(): number {
    return this.calls;
  }
}
