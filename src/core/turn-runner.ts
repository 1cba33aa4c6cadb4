// One turn through a backend, whichever it is: streams the answer (and the reasoning beside it),
// runs the tool loop, retries what is safe to retry, gives up on a silent stream, and ends in a final
// status. What only a backend with server history needs (its conversation, the calls it waits on,
// removing what a failed attempt left there) is asked of the backend's capabilities.
import OpenAI from 'openai';
import type { ThreadSummary, Turn } from '../shared/turn';
import { isFinalStatus } from '../shared/turn';
import type { Backend, HostedTools, ToolOutput } from './backends/backend';
import type { OpenedBackend } from './backends/select';
import { budgetNotice, DEFAULT_MAX_CONTEXT_TOKENS, estimateMessageTokens, fitToBudget } from './context-budget';
import { classifyError, isAbort, isContextLength, MissingApiKeyError, ModelNotServedError } from './errors';
import { modelNotServed } from './servers/models';
import { HostedRecords, isHostedToolEvent } from './hosted-records';
import type { Logger } from './logger';
import { userMessageParts } from './prompt';
import { shouldRetry, sleep } from './retry';
import { CLIENT_STATUS, describeFinished } from './terminal-status';
import { REMOVED_CONVERSATION_NOTICE } from './cleanup/cleanup';
import { MAX_TOOL_ROUNDS, MAX_TURN_MS, pendingOutputs, ToolLoop, type ModelToolCall, type ToolRunner } from './tool-loop';

export interface TurnProfile {
  readonly model: string;
  readonly instructions: string;
  readonly temperature?: number;
  /** Shown when the server cannot be reached. */
  readonly endpoint: string;
  /** Longest silence allowed between two stream events before the turn is given up (H10). */
  readonly idleTimeoutMs: number;
  /** Token budget for the question and its attachments (H11); DEFAULT_MAX_CONTEXT_TOKENS if unset. */
  readonly maxContextTokens?: number;
  /** False for a server on a loopback or private address, which needs no API key. */
  readonly requiresApiKey?: boolean;
}

export interface TurnContext {
  readonly thread: ThreadSummary;
  readonly profile: TurnProfile;
  readonly signal: AbortSignal;
  readonly log: Logger;
  apiKey(): Promise<string | undefined>;
  /**
   * The backend for this turn (detecting the server's API the first time); `needsConversation`: the
   * thread has no server-side conversation yet, so one a probe creates can be used.
   */
  openBackend(apiKey: string | undefined, needsConversation: boolean, signal: AbortSignal): Promise<OpenedBackend>;
  /** The thread's turns before this one, for a backend that sends the history itself. */
  history(): readonly Turn[];
  /** The models the server serves, asked when it says it does not serve the configured one. */
  servedModels?(signal: AbortSignal): Promise<readonly string[]>;
  /** The function tools, when the host offers them. */
  readonly tools?: ToolRunner;
  /** The hosted tools (code interpreter, file search) for a request in `thread`, if any. */
  readonly hostedTools?: (thread: ThreadSummary) => HostedTools | undefined;
  /** The thread's summary changed (a conversation was created or replaced). */
  threadChanged(): Promise<void>;
  update(patch: Partial<Turn>): void;
  delta(text: string): void;
  reasoning(text: string): void;
  notice(text: string): void;
}

/** Aborts a stream that stays silent, with a reason that tells it apart from the user's Stop. */
class Deadline {
  readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  expired = false;

  constructor(
    private readonly ms: number,
    outer: AbortSignal,
  ) {
    outer.addEventListener('abort', () => this.controller.abort(outer.reason), { once: true });
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error('deadline'));
    }, this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function isMissingConversation(err: unknown): boolean {
  return err instanceof OpenAI.NotFoundError && /conversation/i.test(err.message);
}

/** What the runner learnt about the request in flight, for the error shown if it fails. */
interface InFlight {
  requestId?: string;
  /** The server accepted the request (it may have stored its input in the conversation). */
  reachedServer?: boolean;
  /** The model this turn uses instead of the profile's, which the server does not serve. */
  model?: string;
}

/** What one request sends: the user's message (first round only) and tool outputs. */
interface RoundInput {
  readonly parts: readonly string[];
  readonly toolOutputs: readonly ToolOutput[];
}

/** One request and its stream; returns the function calls the response ended with. */
async function streamOnce(turn: Turn, ctx: TurnContext, backend: Backend, deadline: Deadline, inFlight: InFlight, round: RoundInput): Promise<ModelToolCall[]> {
  const { thread, profile } = ctx;
  const serverHistory = backend.capabilities.serverHistory;
  if (serverHistory && !thread.conversationId && backend.createThread) {
    if (thread.conversationRemovedAt) {
      // Clean Up Remote Data or the retention setting deleted it on the server.
      thread.conversationRemovedAt = undefined;
      ctx.notice(REMOVED_CONVERSATION_NOTICE);
    }
    thread.conversationId = await backend.createThread(deadline.controller.signal);
    await ctx.threadChanged();
  }
  deadline.touch();
  const tools = ctx.tools?.definitions() ?? [];
  const events = backend.streamTurn({
    threadRef: (serverHistory && thread.conversationId) || '',
    history: serverHistory ? undefined : ctx.history(),
    maxContextTokens: profile.maxContextTokens,
    turn,
    model: inFlight.model ?? profile.model,
    instructions: profile.instructions,
    temperature: profile.temperature,
    parts: round.parts,
    toolOutputs: round.toolOutputs,
    tools,
    hostedTools: backend.capabilities.hostedTools ? ctx.hostedTools?.(thread) : undefined,
    signal: deadline.controller.signal,
  });
  inFlight.requestId = undefined;
  inFlight.reachedServer = false;
  const calls: ModelToolCall[] = [];
  const usageBefore = turn.usage;
  const hosted = new HostedRecords(turn, ctx); // code interpreter runs and citations, for the panel
  for await (const event of events) {
    deadline.touch();
    if (event.type === 'text') {
      turn.answer += event.delta;
      ctx.delta(event.delta);
    } else if (event.type === 'reasoning') {
      turn.reasoning = (turn.reasoning ?? '') + event.delta;
      ctx.reasoning(event.delta);
    } else if (event.type === 'notice') {
      ctx.notice(event.text);
    } else if (event.type === 'started') {
      turn.responseId = event.responseId;
      inFlight.requestId = event.requestId;
      inFlight.reachedServer = true;
      if (serverHistory) turn.baseItemId ??= thread.lastItemId ?? '';
      // The server took the request, tool outputs included: nothing waits for an answer any more.
      if (round.toolOutputs.length && thread.pendingToolCalls?.length) {
        thread.pendingToolCalls = undefined;
        await ctx.threadChanged();
      }
    } else if (event.type === 'usage') {
      // A turn with tools is several responses: its usage is their sum.
      const u = event.usage;
      turn.usage = usageBefore
        ? { inputTokens: usageBefore.inputTokens + u.inputTokens, outputTokens: usageBefore.outputTokens + u.outputTokens, totalTokens: usageBefore.totalTokens + u.totalTokens }
        : u;
    } else if (event.type === 'tool_call') {
      calls.push(event);
    } else if (isHostedToolEvent(event)) {
      hosted.apply(event);
    } else {
      if (event.lastItemId && event.status !== 'failed') {
        thread.lastItemId = event.lastItemId;
        thread.lastItemTurnId = turn.id;
        await ctx.threadChanged();
      }
      if (!(calls.length && event.status === 'completed')) ctx.update(describeFinished({ ...event, requestId: inFlight.requestId }));
    }
  }
  hosted.flush();
  if (calls.length && serverHistory) {
    // Until their outputs reach the server, the conversation waits for these (I3).
    thread.pendingToolCalls = calls.map((c) => c.callId);
    await ctx.threadChanged();
  }
  return calls;
}

/** One round, retried where that is safe: a failure before this round's text arrived (H1–H3, I4, H11). */
async function streamWithRetries(turn: Turn, ctx: TurnContext, backend: Backend, deadline: Deadline, inFlight: InFlight, round: RoundInput): Promise<ModelToolCall[]> {
  const answered = turn.answer.length;
  let shrunk = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await streamOnce(turn, ctx, backend, deadline, inFlight, round);
    } catch (err) {
      if (turn.answer.length > answered || isAbort(err) || ctx.signal.aborted || deadline.expired) throw err;
      if (isContextLength(err) && !shrunk && round.parts.length) {
        // H4 → H11: the estimate was too generous for this model (or the conversation is long).
        // Once, halve what was sent and try again; a 400 adds nothing to the conversation (H12).
        shrunk = true;
        if (fitContext(turn, ctx, Math.floor(estimateMessageTokens(turn.question, turn.attachments) / 2))) {
          round = { ...round, parts: userMessageParts(turn.question, turn.attachments) };
          continue;
        }
        throw err;
      }
      if (backend.capabilities.serverHistory && isMissingConversation(err) && attempt === 1 && round.parts.length) {
        // I4: the conversation was deleted on the server; continue in a new one.
        ctx.log.warn(`conversation ${ctx.thread.conversationId} is gone; starting a new one`);
        ctx.thread.conversationId = undefined;
        ctx.thread.sentFiles = undefined; // the new conversation has seen no files yet
        ctx.thread.pendingToolCalls = undefined; // nor any tool calls
        ctx.thread.lastItemId = undefined;
        turn.baseItemId = undefined;
        round = { ...round, toolOutputs: [] };
        ctx.notice('This thread\'s conversation no longer exists on the server, so a new one was started. Earlier turns stay visible here but the model no longer sees them.');
        continue;
      }
      if (modelNotServed(err) && !inFlight.model) {
        // A 404 adds nothing to a conversation: asking again with another model is safe.
        const model = await servedReplacement(ctx, err);
        inFlight.model = model;
        continue;
      }
      const decision = shouldRetry(err, attempt);
      if (!decision.retry) throw err;
      // The failed attempt may have left its input in the conversation: sending it again must not
      // duplicate it (H12).
      if (inFlight.reachedServer) await rewind(ctx, backend, ctx.thread.lastItemId ?? '', ctx.signal);
      const seconds = Math.max(1, Math.round(decision.waitMs / 1000));
      ctx.log.info(`retrying turn ${turn.id} in ${decision.waitMs} ms (attempt ${attempt + 1})`);
      ctx.update({ status: 'queued', statusDetail: `${decision.reason}; retrying in ${seconds} s` });
      await sleep(decision.waitMs, ctx.signal);
      ctx.update({ status: 'in_progress', statusDetail: undefined });
    }
  }
}

/**
 * Removes from the conversation what requests that did not complete left after `afterItemId`
 * ('' for the start), and forgets the tool calls removed with them.
 */
async function rewind(ctx: TurnContext, backend: Backend, afterItemId: string, signal: AbortSignal): Promise<void> {
  const conversation = ctx.thread.conversationId;
  if (!conversation || !backend.rewind) return;
  const { callIds } = await backend.rewind(conversation, afterItemId || undefined, signal);
  if (callIds.length && ctx.thread.pendingToolCalls) {
    ctx.thread.pendingToolCalls = ctx.thread.pendingToolCalls.filter((id) => !callIds.includes(id));
    await ctx.threadChanged();
  }
}

/**
 * H12: a retried turn that had reached the server may have left its question (and tool calls) in the
 * conversation; they are removed before it is sent again. Only for the newest turn of the
 * conversation: removing after an older turn's start would remove later turns too.
 */
async function rewindRetried(turn: Turn, ctx: TurnContext, backend: Backend): Promise<void> {
  const base = turn.baseItemId;
  if (base === undefined) return;
  const newest = ctx.thread.lastItemTurnId === turn.id || (ctx.thread.lastItemId ?? '') === base;
  if (newest) await rewind(ctx, backend, base, ctx.signal);
  if (ctx.thread.lastItemTurnId === turn.id) {
    ctx.thread.lastItemId = base || undefined;
    ctx.thread.lastItemTurnId = undefined;
  }
  turn.baseItemId = undefined;
}

/**
 * The configured model is not served: with exactly one served model, that one (and the user is told);
 * otherwise the turn fails naming the served models, with Select Model (no retry loop).
 */
async function servedReplacement(ctx: TurnContext, err: unknown): Promise<string> {
  const model = ctx.profile.model;
  const served = ctx.servedModels ? await ctx.servedModels(ctx.signal).catch(() => [] as readonly string[]) : [];
  const others = served.filter((m) => m !== model);
  if (served.length === 1 && others.length === 1) {
    ctx.log.info(`model ${model} is not served; using ${others[0]}, the only one served`);
    ctx.notice(`The server does not serve ${model}, so this question went to ${others[0]}, the only model it serves. Run Select Model to choose for good.`);
    return others[0];
  }
  throw new ModelNotServedError(model, served, err);
}

/** The turn's backend; a conversation the server probe created becomes the thread's. */
async function openTurnBackend(ctx: TurnContext, key: string | undefined, deadline: Deadline): Promise<Backend> {
  deadline.touch();
  const opened = await ctx.openBackend(key, !ctx.thread.conversationId, deadline.controller.signal);
  deadline.clear();
  if (opened.conversationId && !ctx.thread.conversationId) {
    ctx.thread.conversationId = opened.conversationId;
    if (ctx.thread.conversationRemovedAt) {
      ctx.thread.conversationRemovedAt = undefined;
      ctx.notice(REMOVED_CONVERSATION_NOTICE);
    }
    await ctx.threadChanged();
  }
  return opened.backend;
}

/** Fits the turn's attachments to `budget` tokens; true when something was left out or cut. */
function fitContext(turn: Turn, ctx: TurnContext, budget: number): boolean {
  const fitted = fitToBudget(turn.question, turn.attachments, budget);
  const notice = budgetNotice(fitted, budget);
  if (!notice) return false;
  ctx.log.info(`turn ${turn.id}: context budget ${budget} tokens; left out ${fitted.leftOut.length}, shortened ${fitted.shortened.length}`);
  ctx.update({ attachments: fitted.attachments }); // the turn's chips show what was actually sent
  ctx.notice(notice);
  return true;
}

/**
 * Runs one turn to a final status. Nothing outlives it (I2, H8): Stop, the deadline and every
 * failure abort the request, and the Assistant's queue moves on whatever the outcome. No
 * `responses.cancel` is sent: the API cancels only responses created with `background: true`,
 * and this runner streams in the foreground (`background: false`), where closing the stream is
 * the only way to end a response early (a cancel request would be refused). Should background
 * responses ever be used (long tool runs), `turn.responseId` is what to cancel before the next
 * turn.
 */
export async function runTurn(turn: Turn, ctx: TurnContext): Promise<void> {
  const deadline = new Deadline(ctx.profile.idleTimeoutMs, ctx.signal);
  const inFlight: InFlight = {};
  try {
    ctx.update({ status: 'in_progress', statusDetail: undefined });
    const key = await ctx.apiKey();
    if (!key && ctx.profile.requiresApiKey !== false) throw new MissingApiKeyError();
    const backend = await openTurnBackend(ctx, key, deadline);
    fitContext(turn, ctx, ctx.profile.maxContextTokens ?? DEFAULT_MAX_CONTEXT_TOKENS);
    if (backend.capabilities.serverHistory) await rewindRetried(turn, ctx, backend);
    const tools = new ToolLoop(turn, ctx);
    const started = Date.now();
    // Calls an earlier turn left unanswered are answered (as cancelled) before the new message (I3);
    // a backend that sends the history answers them there.
    const pending = backend.capabilities.serverHistory ? pendingOutputs(ctx.thread) : [];
    let round: RoundInput = { parts: userMessageParts(turn.question, turn.attachments), toolOutputs: pending };
    for (let rounds = 1; ; rounds++) {
      const calls = await streamWithRetries(turn, ctx, backend, deadline, inFlight, round);
      if (!calls.length || ctx.signal.aborted || deadline.expired) break;
      deadline.clear(); // tools have their own time limits; the idle deadline is for the server
      const outputs = await tools.run(calls);
      if (ctx.signal.aborted) break;
      if (rounds >= MAX_TOOL_ROUNDS || Date.now() - started > MAX_TURN_MS) {
        // F11: the outputs are not sent; the calls stay pending and the next turn answers them.
        const why = rounds >= MAX_TOOL_ROUNDS ? `it kept calling tools (${rounds} rounds)` : `it ran for more than ${MAX_TURN_MS / 60_000} minutes`;
        ctx.update({ status: 'failed', statusDetail: `Stopped: ${why}`, error: { kind: 'unknown', message: `The assistant was stopped because ${why}. Ask again with a narrower question.`, retryable: true } });
        return;
      }
      ctx.update({ status: 'in_progress', statusDetail: undefined });
      round = { parts: [], toolOutputs: outputs };
    }
    if (deadline.expired) throw new Error('deadline');
    // The SDK ends an aborted stream quietly instead of throwing.
    if (ctx.signal.aborted) ctx.update({ status: 'cancelled', statusDetail: CLIENT_STATUS.stopped });
    else if (!isFinalStatus(turn.status)) {
      ctx.update({ status: 'interrupted', statusDetail: CLIENT_STATUS.interrupted, error: { kind: 'stream', message: 'The answer was interrupted.', retryable: true } });
    }
  } catch (err) {
    fail(turn, ctx, err, deadline.expired, inFlight);
  } finally {
    deadline.clear();
  }
}

function fail(turn: Turn, ctx: TurnContext, err: unknown, expired: boolean, inFlight: InFlight): void {
  if (expired) {
    // The Responses API has no `expired` status (Assistants runs did): a response that never
    // answered within the client's deadline is the same situation, so it is shown as expired.
    // One that had started answering keeps its text, marked interrupted.
    const seconds = Math.round(ctx.profile.idleTimeoutMs / 1000);
    const status = turn.answer ? 'interrupted' : 'expired';
    const statusDetail = turn.answer ? `The server went silent for ${seconds} s in the middle of the answer.` : `No answer from the server within ${seconds} s.`;
    ctx.update({ status, statusDetail, error: { kind: 'timeout', message: `No answer from the server for ${seconds} s, so the turn was stopped.`, retryable: true } });
    return;
  }
  if (isAbort(err) || ctx.signal.aborted) {
    ctx.update({ status: 'cancelled', statusDetail: CLIENT_STATUS.stopped });
    return;
  }
  const classified = classifyError(err, ctx.profile.endpoint);
  // A stream that fails mid-way raises an error without the request id; the stream's is the one.
  const error = classified.requestId || !inFlight.requestId ? classified : { ...classified, requestId: inFlight.requestId };
  ctx.log.warn(`turn ${turn.id} failed: ${error.kind}${error.requestId ? ` (request ${error.requestId})` : ''}`);
  // A stream that broke after text arrived keeps its partial answer, marked interrupted.
  const status = turn.answer && (error.kind === 'offline' || error.kind === 'stream' || error.kind === 'unknown') ? 'interrupted' : 'failed';
  ctx.update({ status, error });
}
