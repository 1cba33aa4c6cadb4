// What the hosted tools did during a turn, kept on the turn for the panel: code interpreter runs
// (code streamed as written, logs, generated files) and the files the answer cites (file search).
import type { Citation, CodeRunRecord, GeneratedFile, Turn } from '../shared/turn';
import type { BackendEvent } from './backends/backend';

/** The panel sees streamed code at most this often (plus once when a run ends and once at the end). */
export const CODE_UPDATE_MS = 100;

export type HostedToolEvent = Extract<BackendEvent, { type: 'code' | 'code_done' | 'generated_file' | 'citation' }>;

export function isHostedToolEvent(event: BackendEvent): event is HostedToolEvent {
  return event.type === 'code' || event.type === 'code_done' || event.type === 'generated_file' || event.type === 'citation';
}

interface Updater {
  update(patch: Partial<Turn>): void;
}

/**
 * Applies hosted-tool events to `turn.codeRuns` and `turn.citations`. Both are replaced (never mutated in
 * place), so whatever emits the turn next always carries the latest state, throttled updates included.
 */
export class HostedRecords {
  private lastCodeUpdate = 0;
  private dirty = false;

  constructor(
    private readonly turn: Turn,
    private readonly ctx: Updater,
    private readonly now: () => number = Date.now,
  ) {}

  apply(event: HostedToolEvent): void {
    switch (event.type) {
      case 'code': {
        const existing = this.turn.codeRuns?.find((r) => r.id === event.id);
        this.replaceRun(existing
          ? { ...existing, code: existing.code + event.delta }
          : { id: event.id, containerId: event.containerId, code: event.delta, status: 'running' });
        // A new run shows at once; its code at most every CODE_UPDATE_MS.
        if (!existing || this.now() - this.lastCodeUpdate >= CODE_UPDATE_MS) this.emitRuns();
        else this.dirty = true;
        return;
      }
      case 'code_done': {
        const existing = this.turn.codeRuns?.find((r) => r.id === event.id);
        this.replaceRun({
          ...existing,
          id: event.id,
          containerId: existing?.containerId ?? event.containerId,
          code: event.code || existing?.code || '', // a server may leave the finished item's code null
          status: event.status,
          ...(event.logs !== undefined ? { logs: event.logs } : {}),
        });
        this.emitRuns();
        return;
      }
      case 'generated_file':
        this.addFile({ containerId: event.containerId, fileId: event.fileId, filename: event.filename, ...(event.mimeType ? { mimeType: event.mimeType } : {}) });
        return;
      case 'citation': {
        const citations = this.turn.citations ?? [];
        if (citations.some((c) => c.fileId === event.fileId)) return;
        const next: Citation[] = [...citations, { fileId: event.fileId, filename: event.filename }];
        this.turn.citations = next;
        this.ctx.update({ citations: next });
        return;
      }
    }
  }

  /** Sends code that a throttled update held back. */
  flush(): void {
    if (this.dirty) this.emitRuns();
  }

  /**
   * The API does not say which run wrote a file: it goes to the last run in its container that succeeded
   * (else the last one there). A file cited without a run in this turn (from an earlier turn's container)
   * gets a run record of its own, with no code.
   */
  private addFile(file: GeneratedFile): void {
    const runs = this.turn.codeRuns ?? [];
    const inContainer = runs.filter((r) => r.containerId === file.containerId).reverse();
    const owner = inContainer.find((r) => r.status === 'done') ?? inContainer[0];
    if (owner?.files?.some((f) => f.fileId === file.fileId)) return;
    this.replaceRun(owner
      ? { ...owner, files: [...(owner.files ?? []), file] }
      : { id: `files:${file.containerId}`, containerId: file.containerId, code: '', status: 'done', files: [file] });
    this.emitRuns();
  }

  private replaceRun(run: CodeRunRecord): void {
    const runs = this.turn.codeRuns ?? [];
    const at = runs.findIndex((r) => r.id === run.id);
    this.turn.codeRuns = at < 0 ? [...runs, run] : runs.map((r, i) => (i === at ? run : r));
  }

  private emitRuns(): void {
    this.dirty = false;
    this.lastCodeUpdate = this.now();
    this.ctx.update({ codeRuns: this.turn.codeRuns });
  }
}
