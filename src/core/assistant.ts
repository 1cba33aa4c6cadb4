// The assistant of one workspace: its threads (one active), and a queue that runs one turn at a
// time (I1) through `runTurn`, keeping the transcript on disk as it goes.
import type { Attachment, ThreadSummary, Turn, TurnKind } from '../shared/turn';
import { isFinalStatus } from '../shared/turn';
import type { HostedTools } from './backends/backend';
import type { OpenedBackend } from './backends/select';
import { newId } from './ids';
import { SentFiles } from './attachments';
import type { Logger } from './logger';
import { titleFor } from './prompt';
import { conversationOf, forgetConversation, migrateLegacyState } from './threads/server-state';
import { mergeIndex } from './threads/index-merge';
import type { ThreadIndex, ThreadStore } from './threads/thread-store';
import { CLIENT_STATUS } from './terminal-status';
import { runTurn, type TurnProfile } from './turn-runner';
import type { ToolRunner } from './tool-loop';

export type Profile = TurnProfile;

export interface AssistantDeps {
  readonly store: ThreadStore;
  readonly log: Logger;
  readonly profile: () => Profile;
  readonly apiKey: () => Promise<string | undefined>;
  /** The backend of a turn, for the server the settings name (see backends/select.ts). */
  readonly openBackend: (apiKey: string | undefined, needsConversation: boolean, signal: AbortSignal) => Promise<OpenedBackend>;
  /** The models the server serves (chat models only), for a server that says it does not serve the configured one. */
  readonly servedModels?: (signal: AbortSignal) => Promise<readonly string[]>;
  /** The function tools the model may call; none when absent. */
  readonly tools?: ToolRunner;
  /** The hosted tools (code interpreter, file search) for a request in a thread; none when absent. */
  readonly hostedTools?: (thread: ThreadSummary) => HostedTools | undefined;
}

export type AssistantEvent =
  | { readonly type: 'thread' }
  | { readonly type: 'turn'; readonly turn: Turn }
  | { readonly type: 'delta'; readonly turnId: string; readonly text: string }
  /** A piece of the model's reasoning for the turn's Thinking section (also accumulated in `turn.reasoning`). */
  | { readonly type: 'reasoning'; readonly turnId: string; readonly text: string }
  | { readonly type: 'notice'; readonly text: string };

export interface AskRequest {
  readonly kind: TurnKind;
  readonly question: string;
  readonly attachments: readonly Attachment[];
  /** Hashes of the files attached in full; remembered once the turn has reached the server. */
  readonly sentHashes?: Readonly<Record<string, string>>;
  /** When the question reached the extension (performance.now()), before its attachments were read: the log says how long until the request left. */
  readonly askedAt?: number;
}

const SAVE_EVERY_MS = 1000;

/** A turn the window left unfinished (reload, close): interrupted, and its running tools and code runs with it. */
function interrupt(turn: Turn): void {
  Object.assign(turn, { status: 'interrupted', statusDetail: CLIENT_STATUS.reloaded });
  turn.tools = turn.tools?.map((t) => (t.status === 'running' ? { ...t, status: 'cancelled', summary: 'stopped: the window closed' } : t));
  turn.codeRuns = turn.codeRuns?.map((r) => (r.status === 'running' ? { ...r, status: 'failed' } : r));
}
const UNTITLED = 'New thread';

export class Assistant {
  private index: ThreadIndex = { threads: [] };
  private thread!: ThreadSummary;
  private turns: Turn[] = [];
  private queue: Promise<void> = Promise.resolve();
  private running: AbortController | undefined;
  /** Set when the window goes away: the saved transcript is final from then on. */
  private suspended = false;
  private readonly listeners = new Set<(e: AssistantEvent) => void>();
  /** Turns asked or retried in this window: their saved version is this window's to write (I4). */
  private readonly ownTurns = new Set<string>();
  /** When each question asked in this window reached the extension, until its request is sent. */
  private readonly askedAt = new Map<string, number>();
  private indexSaving: Promise<void> = Promise.resolve();

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

  /** What the active thread has already been sent, for the attachment policy. */
  sentFiles(): SentFiles {
    return new SentFiles(this.thread.sentFiles);
  }

  /** Every thread of the workspace, newest first. */
  get threads(): readonly ThreadSummary[] {
    return [...this.index.threads].sort((a, b) => b.createdAt - a.createdAt);
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when every queued turn has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Loads the active thread; turns left unfinished by a reload are marked interrupted (I5). */
  async load(): Promise<void> {
    this.index = await this.deps.store.loadIndex();
    const active = this.index.threads.find((t) => t.id === this.index.activeThreadId);
    if (active) await this.open(active);
    else await this.startThread();
  }

  private async open(thread: ThreadSummary): Promise<void> {
    migrateLegacyState(thread); // a store without the file store's reading (in memory) may hold the old fields
    this.thread = thread;
    this.turns = await this.deps.store.loadTurns(thread.id);
    for (const turn of this.turns) {
      if (!isFinalStatus(turn.status)) interrupt(turn);
    }
    const conversation = conversationOf(thread);
    if (conversation && !conversation.startsWith('conv_')) {
      // I6: an id from the retired Assistants API (thread_…) cannot be continued by Conversations.
      this.deps.log.warn(`thread ${thread.id} had a legacy server thread id; it will get a new conversation`);
      forgetConversation(thread);
      this.emit({ type: 'notice', text: 'This thread was kept on the retired Assistants API, which the server no longer serves. Its history stays here; the next question starts a new conversation.' });
      await this.saveIndex();
    }
  }

  /** Starts an empty thread; its conversation is created on the first question. */
  async newThread(): Promise<void> {
    await this.settle();
    await this.startThread();
    this.emit({ type: 'thread' });
  }

  async switchThread(threadId: string): Promise<boolean> {
    const target = this.index.threads.find((t) => t.id === threadId);
    if (!target) return false;
    await this.settle();
    this.index.activeThreadId = target.id;
    await this.open(target);
    await this.saveIndex();
    this.emit({ type: 'thread' });
    return true;
  }

  async renameThread(threadId: string, title: string): Promise<void> {
    const target = this.index.threads.find((t) => t.id === threadId);
    if (!target || !title.trim()) return;
    target.title = title.trim().slice(0, 120);
    await this.saveIndex();
    this.emit({ type: 'thread' });
  }

  /** Deletes a thread's local transcript; deleting the active one opens the newest other. */
  async deleteThread(threadId: string): Promise<void> {
    if (threadId === this.thread.id) await this.settle();
    this.index.threads = this.index.threads.filter((t) => t.id !== threadId);
    await this.deps.store.deleteTurns(threadId);
    if (threadId === this.thread.id) {
      const next = this.threads[0];
      if (next) {
        this.index.activeThreadId = next.id;
        await this.open(next);
      } else {
        await this.startThread();
      }
    }
    await this.saveIndex();
    this.emit({ type: 'thread' });
  }

  /** The turns of any thread, for export. */
  async turnsOf(threadId: string): Promise<readonly Turn[]> {
    return threadId === this.thread.id ? this.turns : this.deps.store.loadTurns(threadId);
  }

  private async settle(): Promise<void> {
    this.stop();
    await this.queue;
  }

  private async startThread(): Promise<void> {
    this.thread = { id: newId('thread'), title: UNTITLED, createdAt: Date.now() };
    this.turns = [];
    this.index = { activeThreadId: this.thread.id, threads: [...this.index.threads, this.thread] };
    await this.saveIndex();
    this.deps.log.info(`thread ${this.thread.id} started`);
  }

  /** Queues a turn; resolves when it reaches a final status. */
  ask(request: AskRequest): Promise<Turn> {
    const turn: Turn = { id: newId('turn'), kind: request.kind, question: request.question, attachments: request.attachments, createdAt: Date.now(), answer: '', status: 'queued' };
    if (this.thread.title === UNTITLED) {
      this.thread.title = titleFor(request.kind, request.question, request.attachments);
      void this.saveIndex();
    }
    this.turns.push(turn);
    this.ownTurns.add(turn.id);
    if (request.askedAt !== undefined) this.askedAt.set(turn.id, request.askedAt);
    this.emit({ type: 'turn', turn });
    const thread = this.thread;
    return this.enqueue(turn).then((done) => this.rememberSent(thread, done, request.sentHashes));
  }

  /** Only an answered turn proves the model saw the files; a failed one must send them again. */
  private async rememberSent(thread: ThreadSummary, turn: Turn, hashes: Readonly<Record<string, string>> | undefined): Promise<Turn> {
    if (!hashes || (turn.status !== 'completed' && turn.status !== 'incomplete')) return turn;
    // Files the context budget left out (H11) were not seen by the model either.
    const sent = Object.entries(hashes).filter(([path]) => turn.attachments.some((a) => a.kind === 'file' && a.path === path));
    if (sent.length === 0) return turn;
    thread.sentFiles = { ...thread.sentFiles, ...Object.fromEntries(sent) };
    await this.saveIndex();
    return turn;
  }

  /** Runs a failed turn again in place, so the question is never duplicated in the transcript. */
  retry(turnId: string): Promise<Turn> | undefined {
    const turn = this.turns.find((t) => t.id === turnId);
    if (!turn || !isFinalStatus(turn.status) || turn.status === 'completed') return undefined;
    Object.assign(turn, { answer: '', reasoning: undefined, status: 'queued', error: undefined, statusDetail: undefined, usage: undefined, tools: undefined, codeRuns: undefined, citations: undefined });
    this.ownTurns.add(turn.id);
    this.emit({ type: 'turn', turn });
    return this.enqueue(turn);
  }

  /**
   * The window is going away (reload, close): keeps the partial answer of a streaming turn,
   * marked interrupted, on disk before the stream is cut (I5).
   */
  async suspend(): Promise<void> {
    const turn = this.turns.find((t) => !isFinalStatus(t.status));
    if (!turn) return;
    for (const t of this.turns) {
      if (!isFinalStatus(t.status)) interrupt(t);
    }
    await this.save().catch((err) => this.deps.log.error(`saving the thread failed: ${(err as Error).message}`));
    this.suspended = true;
    this.listeners.clear();
    this.stop();
  }

  /** Stops the streaming turn, if any; the partial answer stays, marked cancelled (H8). */
  stop(): void {
    this.running?.abort();
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
    this.running = controller;
    const thread = this.thread;
    let lastSave = 0;
    const saveNowAndThen = () => {
      if (!this.suspended && Date.now() - lastSave > SAVE_EVERY_MS) {
        lastSave = Date.now();
        void this.save();
      }
    };
    try {
      await this.save();
      await runTurn(turn, {
        thread,
        profile: this.deps.profile(),
        signal: controller.signal,
        log: this.deps.log,
        apiKey: this.deps.apiKey,
        openBackend: this.deps.openBackend,
        history: () => this.turns.slice(0, Math.max(0, this.turns.indexOf(turn))),
        servedModels: this.deps.servedModels,
        tools: this.deps.tools,
        hostedTools: this.deps.hostedTools,
        threadChanged: () => this.saveIndex(),
        update: (patch) => {
          if (this.suspended) return;
          Object.assign(turn, patch);
          this.emit({ type: 'turn', turn });
        },
        delta: (text) => {
          this.emit({ type: 'delta', turnId: turn.id, text });
          saveNowAndThen();
        },
        reasoning: (text) => {
          this.emit({ type: 'reasoning', turnId: turn.id, text });
          saveNowAndThen();
        },
        notice: (text) => this.emit({ type: 'notice', text }),
        requestSent: () => {
          const asked = this.askedAt.get(turn.id);
          this.askedAt.delete(turn.id);
          // A latency line without content (C6): how long reading the attachments and preparing took.
          if (asked !== undefined) this.deps.log.info(`turn ${turn.id}: request sent ${(performance.now() - asked).toFixed(1)} ms after the question (${turn.attachments.length} attachments)`);
        },
      });
    } finally {
      this.running = undefined;
      if (!this.suspended) await this.save().catch((err) => this.deps.log.error(`saving the thread failed: ${(err as Error).message}`));
    }
    return turn;
  }

  /** The current thread's conversation gets `path` (uploaded as `fileId`) in its code interpreter's container from the next turn on. */
  async addCodeFile(fileId: string, path: string): Promise<void> {
    this.thread.codeFiles = [...(this.thread.codeFiles ?? []).filter((f) => f.path !== path), { fileId, path }];
    await this.saveIndex();
    this.emit({ type: 'thread' });
  }

  /** Takes in threads other windows on this folder created, renamed or deleted (I4): a save merges with the file. */
  refreshThreads(): Promise<void> {
    return this.saveIndex();
  }

  /**
   * Saves the index merged with other windows' saves (I4), and takes their changes in. Saves run
   * one at a time and each snapshots the index only when it starts: the store tells changes made
   * here from changes made elsewhere by comparing with what it last wrote, so a snapshot taken
   * before the previous save's result was taken in would undo that result.
   */
  private saveIndex(): Promise<void> {
    const run = this.indexSaving.then(() => this.saveIndexNow());
    this.indexSaving = run;
    return run;
  }

  private async saveIndexNow(): Promise<void> {
    const sent = structuredClone(this.index);
    try {
      this.adopt(sent, await this.deps.store.saveIndex(sent));
    } catch (err) {
      this.deps.log.error(`saving the thread index failed: ${(err as Error).message}`);
    }
  }

  /**
   * Takes in the merged index a save returned: threads other windows created appear, ones they
   * deleted go. What changed here since `sent` was taken wins (the same three-way rule as the
   * store, with `sent` as the base). Thread objects are updated in place, because a running turn
   * holds its thread and sets its conversation on it; the open thread is never dropped.
   */
  private adopt(sent: ThreadIndex, merged: ThreadIndex): void {
    const mine = new Map(this.index.threads.map((t) => [t.id, t]));
    const next = mergeIndex(sent, this.index, merged, new Set()).threads.map((t) => {
      const local = mine.get(t.id);
      if (!local || local === t) return t;
      const fields = local as unknown as Record<string, unknown>;
      for (const key of Object.keys(fields)) if (!(key in t)) delete fields[key];
      Object.assign(fields, t);
      return local;
    });
    if (!next.includes(this.thread)) next.push(this.thread);
    this.index.threads = next;
  }

  private async save(): Promise<void> {
    await this.deps.store.saveTurns(this.thread.id, this.turns, (id) => this.ownTurns.has(id));
  }

  private emit(event: AssistantEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
