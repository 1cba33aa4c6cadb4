// What this workspace has in OpenAI's file search: one vector store, and for each indexed
// workspace file the uploaded file's id and the hash of the (redacted) text that was uploaded.
// The core defines the store interface; the host keeps the state in the workspace's storage.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file';

export interface IndexedFile {
  /** The `/v1/files` object (purpose `assistants`), which is also its id in the vector store. */
  readonly fileId: string;
  /** sha256 (hex) of the text as uploaded: after redaction, so a changed secret does not re-upload. */
  readonly hash: string;
}

export interface FileSearchState {
  vectorStoreId?: string;
  /** Workspace-relative path → what was uploaded for it. */
  files: Record<string, IndexedFile>;
}

export interface FileSearchStateStore {
  load(): Promise<FileSearchState>;
  save(state: FileSearchState): Promise<void>;
}

export function emptyState(): FileSearchState {
  return { files: {} };
}

/** The hosted tool to offer on a turn: only when a store exists and holds something to search. */
export function fileSearchTool(state: FileSearchState | undefined): { type: 'file_search'; vector_store_ids: string[] } | undefined {
  if (!state?.vectorStoreId || Object.keys(state.files).length === 0) return undefined;
  return { type: 'file_search', vector_store_ids: [state.vectorStoreId] };
}

/** The same, in the shape of the backends' `HostedTools.fileSearch` (src/core/backends/backend.ts). */
export function fileSearchHostedTool(state: FileSearchState | undefined): { vectorStoreIds: string[] } | undefined {
  const tool = fileSearchTool(state);
  return tool && { vectorStoreIds: tool.vector_store_ids };
}

/** fileId → workspace path, so a citation (`file_citation.file_id`) can open the file it came from. */
export function pathsByFileId(state: FileSearchState | undefined): ReadonlyMap<string, string> {
  return new Map(Object.entries(state?.files ?? {}).map(([path, f]) => [f.fileId, path]));
}

const VERSION = 1;
export const STATE_FILE_NAME = 'file-search.json';

/**
 * The state as a JSON file in the workspace's storage, next to the threads. Written to a temporary
 * file and renamed over the old one, so a crash mid-write keeps the previous state (and with it
 * the ids needed to delete what was uploaded).
 */
export class JsonFileSearchStateStore implements FileSearchStateStore {
  constructor(private readonly dir: string) {}

  private get file(): string {
    return join(this.dir, STATE_FILE_NAME);
  }

  async load(): Promise<FileSearchState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw err;
    }
    try {
      const data = JSON.parse(text) as { version?: number; state?: FileSearchState };
      if (data.version === VERSION && data.state && typeof data.state.files === 'object' && data.state.files !== null) return data.state;
    } catch {
      // damaged: start again; the orphaned remote copies are what Clean Up Remote Data cannot see
    }
    return emptyState();
  }

  async save(state: FileSearchState): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify({ version: VERSION, state }));
  }
}

/**
 * The state kept in memory in front of a store, so that each turn can ask synchronously whether
 * to offer file search; every save (an index run, a clean-up) updates it.
 */
export class CachedFileSearchState implements FileSearchStateStore {
  private latest: FileSearchState | undefined;

  constructor(private readonly inner: FileSearchStateStore) {}

  /** The state as last loaded or saved; undefined before the first load. */
  get current(): FileSearchState | undefined {
    return this.latest;
  }

  async load(): Promise<FileSearchState> {
    this.latest = await this.inner.load();
    return structuredClone(this.latest);
  }

  async save(state: FileSearchState): Promise<void> {
    await this.inner.save(state);
    this.latest = structuredClone(state);
  }
}
