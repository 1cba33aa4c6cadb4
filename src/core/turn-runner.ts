// One turn through a backend, whichever it is: streams the answer (and the reasoning beside it),
// runs the tool loop, retries what is safe to retry, gives up on a silent stream, and ends in a final
// status. What only a backend with server history needs (its conversation, the calls it waits on,
// removing what a failed attempt left there) is asked of the backend's capabilities.
import type { ThreadSummary, Turn } from '../shared/turn';
import { isFinalStatus } from '../shared/turn';
import type { Backend, HostedTools, ToolOutput } from './backends/backend';
import type { OpenedBackend } from './backends/select';
import type { ThreadSession } from './backends/thread-session';
import { responsesState } from './threads/server-state';
import { budgetNotice, DEFAULT_MAX_CONTEXT_TOKENS, estimateMessageTokens, fitToBudget } from './context-budget';
import { classifyError, isAbort, isContextLength, MissingApiKeyError, ModelNotServedError } from './errors';
import { modelNotServed } from './servers/models';
import { HostedRecords, isHostedToolEvent } from './hosted-records';
import type { Logger } from './logger';
import { userMessageParts } from './prompt';
import { shouldRetry, sleep } from './retry';
import { CLIENT_STATUS, describeFinished } from './terminal-status';
import { MAX_TOOL_ROUNDS, MAX_TURN_MS, ToolLoop, type ModelToolCall, type ToolRunner } from './tool-loop';
import { formatCount } from '../shared/numbers';

export interface TurnProfile {
  readonly model: string;
  readonly instructions: string;
  readonly temperature?: number;
  /** Shown when the server cannot be reached. */
  readonly endpoint: string;
  /** Longest silence allowed between two stream events before the turn is given up (H10). */
  readonly idleTimeoutMs: number;
  /** Longest a whole turn may run, however busily its stream keeps sending (F11); MAX_TURN_MS if unset. */
  readonly maxTurnMs?: number;
  /** Token budget for the question and its attachments (H11); DEFAULT_MAX_CONTEXT_TOKENS if unset. */
  readonly maxContextTokens?: number;
  /** False for a server on a loopback or private address, which needs no API key. */
  readonly requiresApiKey?: boolean;
  /** The server's identity (its normalised base URL) that a conversation belongs to; `endpoint` if unset. */
  readonly server?: string;
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
  /** The turn's first request is about to leave (for the log's latency line). */
  requestSent?(): void;
}

/**
 * Aborts a stream that stays silent (`idle`), or a turn that runs too long however busily its stream
 * keeps sending (`turn`, F11), with a reason that tells either apart from the user's Stop.
 */
class Deadline {
  readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly overall: ReturnType<typeof setTimeout>;
  expired: false | 'idle' | 'turn' = false;

  constructor(
    private readonly ms: number,
    outer: AbortSignal,
    turnMs: number,
  ) {
    outer.addEventListener('abort', () => this.controller.abort(outer.reason), { once: true });
    this.overall = setTimeout(() => {
      this.expired = 'turn';
      this.controller.abort(new Error('turn deadline'));
    }, turnMs);
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = 'idle';
      this.controller.abort(new Error('deadline'));
    }, this.ms);
  }

  /** The idle timer only: tools have their own limits, the turn's stays. */
  clear(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.overall);
  }
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

/** The backend of a turn and its session: the thread's state on that backend's server. */
interface TurnBackend {
  readonly backend: Backend;
  readonly session: ThreadSession;
}

/** One request and its stream; returns the function calls the response ended with. */
async function streamOnce(turn: Turn, ctx: TurnContext, { backend, session }: TurnBackend, deadline: Deadline, inFlight: InFlight, round: RoundInput): Promise<ModelToolCall[]> {
  const { thread, profile } = ctx;
  const serverHistory = backend.capabilities.serverHistory;
  deadline.touch();
  const tools = ctx.tools?.definitions() ?? [];
  ctx.requestSent?.();
  const events = backend.streamTurn({
    threadRef: session.threadRef,
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
      await session.started(turn, round.toolOutputs.length > 0);
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
      if (event.status !== 'failed') await session.finished(turn, event.lastItemId);
      if (!(calls.length && event.status === 'completed')) ctx.update(describeFinished({ ...event, requestId: inFlight.requestId }));
    }
  }
  hosted.flush();
  if (calls.length) await session.waiting(calls.map((c) => c.callId));
  return calls;
}

/** One round, retried where that is safe: a failure before this round's text arrived (H1–H3, I4, H11). */
async function streamWithRetries(turn: Turn, ctx: TurnContext, turnBackend: TurnBackend, deadline: Deadline, inFlight: InFlight, round: RoundInput): Promise<ModelToolCall[]> {
  const answered = turn.answer.length;
  let shrunk = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await streamOnce(turn, ctx, turnBackend, deadline, inFlight, round);
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
      // I4: the server lost the thread (a deleted conversation); it continues in a new one.
      if (attempt === 1 && round.parts.length && (await turnBackend.session.recover(err, turn, ctx.signal))) {
        round = { ...round, toolOutputs: [] };
        continue;
      }
      if (modelNotServed(err) && !inFlight.model) {
        // A 404 adds nothing to a conversation: asking again with another model is safe.
        inFlight.model = await servedReplacement(ctx, err);
        continue;
      }
      const decision = shouldRetry(err, attempt);
      if (!decision.retry) throw err;
      // The failed attempt may have left its input on the server: sending it again must not
      // duplicate it (H12).
      if (inFlight.reachedServer) await turnBackend.session.undoAttempt(ctx.signal);
      const seconds = Math.max(1, Math.round(decision.waitMs / 1000));
      ctx.log.info(`retrying turn ${turn.id} in ${decision.waitMs} ms (attempt ${attempt + 1})`);
      ctx.update({ status: 'queued', statusDetail: `${decision.reason}; retrying in ${seconds} s` });
      await sleep(decision.waitMs, ctx.signal);
      ctx.update({ status: 'in_progress', statusDetail: undefined });
    }
  }
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

/**
 * The turn's backend and its session, made ready for the first request (the thread's conversation
 * created or moved to this server, H12 cleanup); returns the outputs owed to calls an earlier turn
 * left unanswered (I3).
 */
async function openTurnBackend(turn: Turn, ctx: TurnContext, key: string | undefined, deadline: Deadline): Promise<TurnBackend & { owed: ToolOutput[] }> {
  const server = ctx.profile.server ?? ctx.profile.endpoint;
  deadline.touch();
  try {
    const opened = await ctx.openBackend(key, !responsesState(ctx.thread, server), deadline.controller.signal);
    const session = opened.backend.openSession({ thread: ctx.thread, server, log: ctx.log, history: ctx.history, threadChanged: ctx.threadChanged, notice: ctx.notice });
    const owed = await session.begin(turn, deadline.controller.signal, opened.conversationId);
    return { backend: opened.backend, session, owed };
  } finally {
    deadline.clear();
  }
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
  const deadline = new Deadline(ctx.profile.idleTimeoutMs, ctx.signal, ctx.profile.maxTurnMs ?? MAX_TURN_MS);
  const inFlight: InFlight = {};
  try {
    ctx.update({ status: 'in_progress', statusDetail: undefined });
    const key = await ctx.apiKey();
    if (!key && ctx.profile.requiresApiKey !== false) throw new MissingApiKeyError();
    fitContext(turn, ctx, ctx.profile.maxContextTokens ?? DEFAULT_MAX_CONTEXT_TOKENS);
    const { owed, ...turnBackend } = await openTurnBackend(turn, ctx, key, deadline);
    const tools = new ToolLoop(turn, ctx);
    const started = Date.now();
    // Calls an earlier turn left unanswered are answered (as cancelled) before the new message (I3);
    // a backend that sends the history answers them there.
    let round: RoundInput = { parts: userMessageParts(turn.question, turn.attachments), toolOutputs: owed };
    for (let rounds = 1; ; rounds++) {
      const calls = await streamWithRetries(turn, ctx, turnBackend, deadline, inFlight, round);
      if (!calls.length || ctx.signal.aborted || deadline.expired) break;
      deadline.clear(); // tools have their own time limits; the idle deadline is for the server
      const outputs = await tools.run(calls);
      if (ctx.signal.aborted) break;
      if (rounds >= MAX_TOOL_ROUNDS || Date.now() - started > (ctx.profile.maxTurnMs ?? MAX_TURN_MS)) {
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
    deadline.dispose();
  }
}

function fail(turn: Turn, ctx: TurnContext, err: unknown, expired: Deadline['expired'], inFlight: InFlight): void {
  if (expired === 'turn') {
    const minutes = formatCount(Math.round((ctx.profile.maxTurnMs ?? MAX_TURN_MS) / 6_000) / 10);
    const statusDetail = `Stopped after ${minutes} min: the answer was still streaming.`;
    ctx.update({ status: turn.answer ? 'interrupted' : 'expired', statusDetail, error: { kind: 'timeout', message: `The answer took longer than ${minutes} minutes, so it was stopped; what arrived is kept. Ask again, perhaps for a shorter answer.`, retryable: true } });
    return;
  }
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
