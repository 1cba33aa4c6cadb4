// The dispatcher: one function call from the model in, exactly one output for the model out —
// never a throw (F5, F7). It enforces what holds for every tool: workspace trust (D2, G5), the
// arguments' schema, the user's approval where a tool needs it (F3), the time limit (F7) and the
// output cap (F8). What each tool reads is checked by the tool itself, through workspace-paths.
import { truncate } from '../attachments';
import type { Logger } from '../logger';
import { parseArguments, type Arguments } from './arguments';
import { getDiagnosticsTool } from './get-diagnostics';
import { getGitDiffTool } from './get-git-diff';
import { getSelectionTool } from './get-selection';
import { MAX_TOOL_OUTPUT_CHARS, TOOL_TIME_LIMIT_MS } from './limits';
import { listFilesTool } from './list-files';
import { ToolUnavailableError, type WorkspacePort } from './port';
import { readFileTool } from './read-file';
import { createSearchTool } from './search-workspace';
import { failure, type ToolOutcome, type ToolSpec } from './tool-context';
import { loadPathPolicy } from './workspace-paths';

export const BUILT_IN_TOOLS: readonly ToolSpec[] = [readFileTool, listFilesTool, createSearchTool(), getDiagnosticsTool, getSelectionTool, getGitDiffTool];

export interface ToolCall {
  readonly name: string;
  /** The JSON text the model produced, unparsed. */
  readonly arguments: string;
}

export interface ToolCallResult {
  readonly ok: boolean;
  /** For the model (a `function_call_output`). */
  readonly output: string;
  /** One line for the user's tool card. */
  readonly summary: string;
  /** What the user should be told besides (redactions, withheld files). */
  readonly notices: readonly string[];
}

/** What the user is asked to approve: the whole call, arguments included (F3). */
export interface ConfirmRequest {
  readonly tool: string;
  readonly arguments: Arguments;
  /** Why this call needs approval, in words for the user. */
  readonly reason: string;
}

export interface RunToolCallOptions {
  /** The turn's signal: stopping the turn cancels the call. */
  readonly signal?: AbortSignal;
  /** Defaults to TOOL_TIME_LIMIT_MS; the loop passes less when the turn's tool time is nearly spent. */
  readonly timeLimitMs?: number;
  /**
   * Asks the user. Called only for calls a tool marks as needing approval (none of the built-in
   * read-only tools does); without it such calls are refused. Waiting for the user does not
   * count against the time limit.
   */
  readonly confirm?: (request: ConfirmRequest, signal: AbortSignal) => Promise<boolean>;
  /** The tools that can be called; the built-in ones unless a test or a later feature says otherwise. */
  readonly tools?: readonly ToolSpec[];
  /** Tool names and outcomes only — never arguments or outputs, which hold file contents (C6). */
  readonly log?: Logger;
}

class TimeLimitError extends Error {}

function result(outcome: ToolOutcome): ToolCallResult {
  // The last line of defence for F8: a tool that forgot its own cap is still cut here.
  const output = outcome.output.length > MAX_TOOL_OUTPUT_CHARS ? truncate(outcome.output, MAX_TOOL_OUTPUT_CHARS) : outcome.output;
  return { ok: outcome.ok, output, summary: outcome.summary, notices: outcome.notices ?? [] };
}

export async function runToolCall(call: ToolCall, port: WorkspacePort, options: RunToolCallOptions = {}): Promise<ToolCallResult> {
  const name = typeof call.name === 'string' ? call.name.slice(0, 64) : '';
  try {
    const outcome = await dispatch(call, name, port, options);
    options.log?.info(`tool ${name}: ${outcome.ok ? 'ok' : 'refused or failed'}`);
    return result(outcome);
  } catch (err) {
    // dispatch handles what it expects; this is the guarantee that a bug still answers the model.
    options.log?.error(`tool ${name}: unexpected ${(err as Error)?.name ?? 'error'}`);
    return result(failure('the tool failed unexpectedly', `${name || 'tool'} failed`));
  }
}

async function dispatch(call: ToolCall, name: string, port: WorkspacePort, options: RunToolCallOptions): Promise<ToolOutcome> {
  // Refused before anything else, even before the name is looked up: in an untrusted workspace
  // no tool was offered, so any call is the model (or an injected text) making one up (D2, G5).
  if (!port.isTrusted()) return failure('tools are not available: the workspace is not trusted', `${name || 'tool'} refused: workspace not trusted`);
  const tools = options.tools ?? BUILT_IN_TOOLS;
  const spec = tools.find((t) => t.definition.name === name);
  if (!spec) return failure(`there is no tool named ${JSON.stringify(name)}; the tools are: ${tools.map((t) => t.definition.name).join(', ')}`, `unknown tool ${JSON.stringify(name)}`);
  const parsed = parseArguments(call.arguments, spec.definition.parameters);
  if ('error' in parsed) return failure(`invalid arguments for ${name}: ${parsed.error}`, `${name}: invalid arguments`);
  const outer = options.signal;
  if (outer?.aborted) return failure('the call was cancelled', `${name} cancelled`);

  const reason = spec.confirmation?.(parsed.args);
  if (reason !== undefined) {
    if (!options.confirm) return failure(`this call needs the user's approval (${reason}), and approval cannot be asked here`, `${name} refused: needs approval`);
    const asking = new AbortController();
    const stopAsking = () => asking.abort();
    outer?.addEventListener('abort', stopAsking, { once: true });
    try {
      const approved = await options.confirm({ tool: name, arguments: parsed.args, reason }, asking.signal);
      if (!approved) return failure('the user declined this call; do not retry it, ask the user instead', `${name} declined by the user`);
    } finally {
      outer?.removeEventListener('abort', stopAsking);
    }
    if (outer?.aborted) return failure('the call was cancelled', `${name} cancelled`);
  }

  const limit = options.timeLimitMs ?? TOOL_TIME_LIMIT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeLimitError()), limit);
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const stopped = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
  try {
    const running = (async () => spec.run(parsed.args, { port, policy: await loadPathPolicy(port), signal: controller.signal }))();
    // A handler that ignores its signal keeps running after the race is lost; its result or error is dropped.
    running.catch(() => undefined);
    return await Promise.race([running, stopped]);
  } catch (err) {
    if (err instanceof TimeLimitError) return failure(`the tool took longer than ${limit / 1000} s and was stopped`, `${name} stopped after ${limit / 1000} s`);
    if (controller.signal.aborted && outer?.aborted) return failure('the call was cancelled', `${name} cancelled`);
    if (err instanceof ToolUnavailableError) return failure(err.message, `${name} unavailable`);
    // Node's messages name absolute paths (the user's home folder); only the error code goes out.
    const code = typeof (err as { code?: unknown })?.code === 'string' ? ` (${(err as { code: string }).code})` : '';
    options.log?.warn(`tool ${name}: ${(err as Error)?.name ?? 'error'}${code}`);
    return failure(`the tool failed${code}`, `${name} failed${code}`);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    // Settle the race's loser so an abort after this point is not an unhandled rejection.
    stopped.catch(() => undefined);
    controller.abort();
  }
}
