// The assistant of one workspace: its current thread, and the turn runner that sends one turn at
// a time through a backend, keeps the transcript, and survives failures with a Retry.
import type { Attachment, ThreadSummary, Turn, TurnKind } from '../shared/turn';
import { isFinalStatus } from '../shared/turn';
import type { Backend } from './backends/backend';
import { classifyError, isAbort, MissingApiKeyError } from './errors';
import { newId } from './ids';
import type { Logger } from './logger';
import { titleFor, userMessageParts } from './prompt';
import type { ThreadIndex, ThreadStore } from './thread-store';

export interface Profile {
  readonly model: string;
  readonly instructions: string;
  /** Shown when the server cannot be reached. */
  readonly endpoint: string;
}

export interface AssistantDeps {
  readonly store: ThreadStore;
  readonly log: Logger;
  readonly profile: () => Profile;
  readonly apiKey: () => Promise<string | undefined>;
  readonly createBackend: (apiKey: string) => Backend;
}

export type AssistantEvent =
  | { readonly type: 'thread' }
  | { readonly type: 'turn'; readonly turn: Turn }
  | { readonly type: 'delta'; readonly turnId: string; readonly text: string };

export interface AskRequest {
  readonly kind: TurnKind;
  readonly question: string;
  readonly attachments: readonly Attachment[];
}

const SAVE_EVERY_MS = 1000;

export class Assistant {
  private index: ThreadIndex = { threads: [] };
  private thread!: ThreadSummary;
  private turns: Turn[] = [];
  private queue: Promise<void> = Promise.resolve();
  private running: { turnId: string; controller: AbortController } | undefined;
  private readonly listeners = new Set<(e: AssistantEvent) => void>();

  constructor(private readonly deps: AssistantDeps) {}

  onEvent(listener: (e: AssistantEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get currentThread(): ThreadSummary {
    return this.thread;
  }

  get transcript(): readonly Turn[] {
    return this.turns;
  }

  /** Resolves when every queued turn has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Loads the active thread; turns left unfinished by a reload are marked interrupted. */
  async load(): Promise<void> {
    this.index = await this.deps.store.loadIndex();
    const active = this.index.threads.find((t) => t.id === this.index.activeThreadId);
    if (!active) {
      await this.startThread();
      return;
    }
    this.thread = active;
    this.turns = await this.deps.store.loadTurns(active.id);
    for (const turn of this.turns) {
      if (!isFinalStatus(turn.status)) {
        turn.status = 'interrupted';
        turn.statusDetail = 'The window was reloaded before the answer finished.';
      }
    }
  }

  /** Starts an empty thread; its conversation is created on the first question. */
  async newThread(): Promise<void> {
    this.stop();
    await this.queue;
    await this.startThread();
    this.emit({ type: 'thread' });
  }

  private async startThread(): Promise<void> {
    this.thread = { id: newId('thread'), title: 'New thread', createdAt: Date.now() };
    this.turns = [];
    this.index = { activeThreadId: this.thread.id, threads: [...this.index.threads, this.thread] };
    await this.deps.store.saveIndex(this.index);
    this.deps.log.info(`thread ${this.thread.id} started`);
  }

  /** Queues a turn; resolves when it reaches a final status. */
  ask(request: AskRequest): Promise<Turn> {
    const turn: Turn = {
      id: newId('turn'),
      kind: request.kind,
      question: request.question,
      attachments: request.attachments,
      createdAt: Date.now(),
      answer: '',
      status: 'queued',
    };
    if (this.thread.title === 'New thread') {
      this.thread.title = titleFor(request.kind, request.question, request.attachments);
      void this.deps.store.saveIndex(this.index).catch((err) => this.deps.log.error(`saving the thread index failed: ${(err as Error).message}`));
    }
    this.turns.push(turn);
    this.emit({ type: 'turn', turn });
    return this.enqueue(turn);
  }

  /** Runs a failed turn again in place, so the question is never duplicated in the transcript. */
  retry(turnId: string): Promise<Turn> | undefined {
    const turn = this.turns.find((t) => t.id === turnId);
    if (!turn || !isFinalStatus(turn.status) || turn.status === 'completed') return undefined;
    Object.assign(turn, { answer: '', status: 'queued', error: undefined, statusDetail: undefined, usage: undefined });
    this.emit({ type: 'turn', turn });
    return this.enqueue(turn);
  }

  /** Stops the streaming turn, if any; the partial answer stays, marked cancelled. */
  stop(): void {
    this.running?.controller.abort();
  }

  private enqueue(turn: Turn): Promise<Turn> {
    const run = this.queue.then(() => this.run(turn));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async run(turn: Turn): Promise<Turn> {
    if (!this.turns.includes(turn)) return turn; // the thread changed while it waited
    const controller = new AbortController();
    this.running = { turnId: turn.id, controller };
    const profile = this.deps.profile();
    let lastSave = 0;
    try {
      this.update(turn, { status: 'in_progress' });
      await this.save();
      const key = await this.deps.apiKey();
      if (!key) throw new MissingApiKeyError();
      const backend = this.deps.createBackend(key);
      const thread = this.thread;
      if (!thread.conversationId) {
        thread.conversationId = await backend.createThread(controller.signal);
        await this.deps.store.saveIndex(this.index);
      }
      const parts = userMessageParts(turn.question, turn.attachments);
      for await (const event of backend.streamTurn({ threadRef: thread.conversationId, model: profile.model, instructions: profile.instructions, parts, signal: controller.signal })) {
        if (event.type === 'text') {
          turn.answer += event.delta;
          this.emit({ type: 'delta', turnId: turn.id, text: event.delta });
          if (Date.now() - lastSave > SAVE_EVERY_MS) {
            lastSave = Date.now();
            void this.save();
          }
        } else if (event.type === 'started') {
          turn.responseId = event.responseId;
        } else if (event.type === 'usage') {
          turn.usage = event.usage;
        } else {
          this.update(turn, { status: event.status, statusDetail: event.detail });
        }
      }
      // The SDK ends an aborted stream quietly instead of throwing.
      if (controller.signal.aborted) this.update(turn, { status: 'cancelled', statusDetail: 'Stopped.' });
      else if (!isFinalStatus(turn.status)) {
        this.update(turn, { status: 'interrupted', statusDetail: 'The connection closed before the answer finished.', error: { kind: 'stream', message: 'The answer was interrupted.', retryable: true } });
      }
    } catch (err) {
      this.fail(turn, err, profile.endpoint);
    } finally {
      this.running = undefined;
      await this.save().catch((err) => this.deps.log.error(`saving the thread failed: ${(err as Error).message}`));
    }
    return turn;
  }

  private fail(turn: Turn, err: unknown, endpoint: string): void {
    if (isAbort(err)) {
      this.update(turn, { status: 'cancelled', statusDetail: 'Stopped.' });
      return;
    }
    const error = classifyError(err, endpoint);
    this.deps.log.warn(`turn ${turn.id} failed: ${error.kind}${error.requestId ? ` (request ${error.requestId})` : ''}`);
    // A stream that broke after text arrived keeps its partial answer, marked interrupted.
    const status = turn.answer && (error.kind === 'offline' || error.kind === 'stream' || error.kind === 'unknown') ? 'interrupted' : 'failed';
    this.update(turn, { status, error });
  }

  private update(turn: Turn, patch: Partial<Turn>): void {
    Object.assign(turn, patch);
    this.emit({ type: 'turn', turn });
  }

  private async save(): Promise<void> {
    await this.deps.store.saveTurns(this.thread.id, this.turns);
  }

  private emit(event: AssistantEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
