// What a tool handler is given, and what it gives back.
import type { PathPolicy } from '../attachments';
import type { Arguments } from './arguments';
import type { FunctionToolDefinition } from './definitions';
import type { WorkspacePort } from './port';

export interface ToolContext {
  readonly port: WorkspacePort;
  /** The deny list and `.assistantignore` of the open folders. */
  readonly policy: PathPolicy;
  /** Aborted when the call runs past its time limit or the turn is stopped (F7). */
  readonly signal: AbortSignal;
}

export interface ToolOutcome {
  /** `false` for a refusal or failure: the output then tells the model why. */
  readonly ok: boolean;
  /** What the model receives. */
  readonly output: string;
  /** One line for the user, e.g. "Read src/a.ts, lines 1–80". */
  readonly summary: string;
  /** What the user should be told besides: redactions, withheld files. */
  readonly notices?: readonly string[];
}

/** A tool: its definition, when it needs the user's approval, and what it does. */
export interface ToolSpec {
  readonly definition: FunctionToolDefinition | (Omit<FunctionToolDefinition, 'name'> & { name: string });
  /**
   * Why this call needs the user's approval (F3), or undefined when it may run unasked. Reads
   * inside the workspace never ask; the six read-only tools here never do.
   */
  readonly confirmation?: (args: Arguments) => string | undefined;
  readonly run: (args: Arguments, context: ToolContext) => Promise<ToolOutcome>;
}

/** An error outcome: a short JSON object the model can read and act on. */
export function failure(message: string, summary: string): ToolOutcome {
  return { ok: false, output: JSON.stringify({ error: message }), summary };
}
