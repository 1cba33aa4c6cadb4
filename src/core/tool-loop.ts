// The tool part of a turn (the seed's `requires_action`): the model's function calls are run one by
// one, in call order, each shown as a card, and every call id gets exactly one output (F6) — a
// refusal or an error is an output too, so the model can recover (F5, F7). Limits per turn (F11)
// come from ToolBudget; an untrusted workspace offers no tools, and a call made anyway is refused (G5).
import type { ToolCallRecord, Turn } from '../shared/turn';
import type { ToolOutput } from './backends/backend';
import type { FunctionToolDefinition, RunToolCallOptions, ToolCall, ToolCallResult } from './tools';
import { ToolBudget } from './tools';
import { formatCount } from '../shared/numbers';

/** How the core runs tools; the host implements it over its WorkspacePort. */
export interface ToolRunner {
  /** The functions offered to the model for this turn ([] in an untrusted workspace). */
  definitions(): readonly FunctionToolDefinition[];
  run(call: ToolCall, options: RunToolCallOptions): Promise<ToolCallResult>;
}

/** A function call the model made, as the backend reports it. */
export interface ModelToolCall {
  readonly callId: string;
  readonly name: string;
  readonly arguments: string;
}

/** Responses with tool calls one turn may chain before it is stopped (F11): the call budget plus room to answer. */
export const MAX_TOOL_ROUNDS = 12;
/** Longest a turn may take with its tool calls (F11), from its first request. */
export const MAX_TURN_MS = 10 * 60_000;
/** Cut for what the panel keeps of arguments and outputs: the model gets the whole (capped) output. */
const SHOWN_CHARS = 4_000;

const cut = (text: string): string => (text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}\n… (${formatCount(text.length - SHOWN_CHARS)} more characters)` : text);

export const CANCELLED_OUTPUT = JSON.stringify({ error: 'cancelled: the user stopped this turn before the tool finished' });
const NO_TOOLS_OUTPUT = JSON.stringify({ error: 'no tools are available in this workspace' });

export interface ToolTurnContext {
  readonly signal: AbortSignal;
  readonly tools?: ToolRunner;
  update(patch: Partial<Turn>): void;
  notice(text: string): void;
}

export class ToolLoop {
  private readonly budget = new ToolBudget();

  constructor(
    private readonly turn: Turn,
    private readonly ctx: ToolTurnContext,
  ) {}

  /** Runs `calls` in order; returns one output per call, in the same order. */
  async run(calls: readonly ModelToolCall[]): Promise<ToolOutput[]> {
    const names = [...new Set(calls.map((c) => c.name))].join(', ');
    this.ctx.update({ status: 'requires_action', statusDetail: `Running ${names.slice(0, 120)}` });
    const outputs: ToolOutput[] = [];
    for (const call of calls) outputs.push({ callId: call.callId, output: await this.runOne(call) });
    return outputs;
  }

  private async runOne(call: ModelToolCall): Promise<string> {
    const record: ToolCallRecord = { callId: call.callId, name: call.name.slice(0, 64), arguments: cut(call.arguments), status: 'running' };
    this.turn.tools = [...(this.turn.tools ?? []), record];
    this.show();
    const started = Date.now();
    const finish = (status: ToolCallRecord['status'], summary: string, output: string): string => {
      Object.assign(record, { status, summary, output: cut(output), durationMs: Date.now() - started });
      this.show();
      return output;
    };
    if (this.ctx.signal.aborted) return finish('cancelled', 'not run: the turn was stopped', CANCELLED_OUTPUT);
    const runner = this.ctx.tools;
    if (!runner || !runner.definitions().some((d) => d.name === call.name)) {
      return finish('refused', runner?.definitions().length ? `not run: there is no tool named ${call.name.slice(0, 64)}` : 'not run: no tools in this workspace', runner?.definitions().length ? JSON.stringify({ error: `unknown tool ${call.name.slice(0, 64)}` }) : NO_TOOLS_OUTPUT);
    }
    const decision = this.budget.take();
    if (!decision.allowed) return finish('refused', 'not run: the tool limit for this message is reached', decision.message);
    try {
      const result = await runner.run({ name: call.name, arguments: call.arguments }, { signal: this.ctx.signal, timeLimitMs: decision.timeLimitMs });
      for (const notice of result.notices) this.ctx.notice(notice);
      if (this.ctx.signal.aborted) return finish('cancelled', 'stopped', CANCELLED_OUTPUT);
      return finish(result.ok ? 'done' : 'error', result.summary, result.output);
    } finally {
      decision.done();
    }
  }

  private show(): void {
    this.ctx.update({ tools: [...(this.turn.tools ?? [])] });
  }
}
