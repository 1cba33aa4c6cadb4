// Keeps the workspace's vector store in step with its documents: uploads what is new or changed
// (by the hash of the redacted text), removes what was deleted, ignored or refused since, and
// starts a new store when the old one no longer exists on the server. Two steps, so the host can
// show what will be uploaded and ask first (F3): `planSync`, then `applySync`.
import type OpenAI from 'openai';
import { isSdkError, sdk } from '../sdk/sdk';
import { isAbort } from '../errors';
import type { Logger } from '../logger';
import { deleteOrGone, isNotFound } from '../cleanup/remote-gone';
import type { Refusal, ScanResult, WorkspaceDocument } from './scan';
import type { FileSearchState, FileSearchStateStore, IndexedFile } from './state';

export interface SyncPlan {
  /** New or changed documents. */
  readonly upload: readonly WorkspaceDocument[];
  readonly unchanged: number;
  /** Indexed paths that no longer match, or are now denied or refused. */
  readonly remove: readonly string[];
  /** The stored vector store is missing (never made, or deleted on the server): a new one is made. */
  readonly newStore: boolean;
  /**
   * Files uploaded for a store that no longer exists: deleted from `/v1/files`, since nothing
   * searches them any more.
   */
  readonly orphans: readonly IndexedFile[];
  readonly scan: ScanResult;
}

export interface SyncProgress {
  readonly phase: 'uploading' | 'removing';
  readonly done: number;
  readonly total: number;
}

export interface SyncResult {
  readonly vectorStoreId: string | undefined;
  readonly uploaded: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Refused by the path rules or the limits before anything was sent. */
  readonly refused: readonly Refusal[];
  /** Refused by the server (e.g. a format it cannot index). */
  readonly failed: readonly Refusal[];
  /** Uploaded documents that had secrets redacted. */
  readonly redacted: number;
  readonly capped: boolean;
  readonly newStore: boolean;
  /** Stopped by the user; what was done so far is kept and recorded. */
  readonly cancelled: boolean;
}

export interface SyncOptions {
  readonly client: OpenAI;
  readonly store: FileSearchStateStore;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The vector store's name when one is made, e.g. "Workspace Assistant: my-project". */
  readonly storeName: string;
  readonly progress?: (p: SyncProgress) => void;
}

/** Whether the stored vector store still exists; other failures (auth, offline) are thrown. */
async function storeExists(client: OpenAI, id: string, signal: AbortSignal): Promise<boolean> {
  try {
    await client.vectorStores.retrieve(id, { signal });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Compares the scan with the state (and the server's store) without changing anything. */
export async function planSync(client: OpenAI, state: FileSearchState, scan: ScanResult, signal: AbortSignal): Promise<SyncPlan> {
  const newStore = !state.vectorStoreId || !(await storeExists(client, state.vectorStoreId, signal));
  if (newStore) {
    return { upload: scan.documents, unchanged: 0, remove: [], newStore, orphans: Object.values(state.files), scan };
  }
  const wanted = new Set(scan.documents.map((d) => d.path));
  const upload = scan.documents.filter((d) => state.files[d.path]?.hash !== d.hash);
  const remove = Object.keys(state.files).filter((path) => !wanted.has(path)).sort();
  return { upload, unchanged: scan.documents.length - upload.length, remove, newStore, orphans: [], scan };
}

/** A refusal by the server that concerns this one file, so the sync goes on with the others. */
function isPerFileRefusal(err: unknown): boolean {
  return isSdkError(err, 'APIError') && [400, 413, 415, 422].includes(err.status ?? 0);
}

/** Detaches a file from the store and deletes the upload; already gone counts as done. */
async function removeIndexed(client: OpenAI, storeId: string | undefined, fileId: string): Promise<void> {
  if (storeId) await deleteOrGone(() => client.vectorStores.files.delete(fileId, { vector_store_id: storeId }));
  await deleteOrGone(() => client.files.delete(fileId));
}

/** Uploads one document and adds it to the store; returns its file id, or why the server refused it. */
async function uploadOne(client: OpenAI, storeId: string, doc: WorkspaceDocument, signal: AbortSignal): Promise<{ fileId: string } | { error: string }> {
  const discard = (fileId: string) =>
    // Not in the store, so not recorded either: deleted now, or nothing would ever find it again.
    // No signal: this must run even when the user has just stopped the sync.
    deleteOrGone(() => client.files.delete(fileId)).catch(() => undefined);
  let fileId: string;
  try {
    fileId = (await client.files.create({ file: await sdk().toFile(Buffer.from(doc.text, 'utf8'), doc.uploadName), purpose: 'assistants' }, { signal })).id;
  } catch (err) {
    if (isPerFileRefusal(err)) return { error: (err as Error).message };
    throw err;
  }
  try {
    const added = await client.vectorStores.files.create(storeId, { file_id: fileId }, { signal });
    if (added.status !== 'failed') return { fileId };
    await discard(fileId);
    return { error: added.last_error?.message ?? 'the server could not index it' };
  } catch (err) {
    await discard(fileId);
    if (isPerFileRefusal(err)) return { error: (err as Error).message };
    throw err;
  }
}

/**
 * Carries out a plan. The state is saved after every step, so a stop, a crash or a network
 * failure leaves it matching the server: every recorded id exists, and every upload is recorded
 * (an upload cut off by a stop before its id arrived is the one thing that can leak).
 */
export async function applySync(plan: SyncPlan, state: FileSearchState, options: SyncOptions): Promise<SyncResult> {
  const { client, store, signal, log } = options;
  const failed: Refusal[] = [];
  let uploaded = 0;
  let removed = 0;
  let redacted = 0;
  let cancelled = false;
  const result = (): SyncResult => ({
    vectorStoreId: state.vectorStoreId, uploaded, unchanged: plan.unchanged, removed, refused: plan.scan.refused, failed, redacted,
    capped: plan.scan.capped, newStore: plan.newStore, cancelled,
  });

  try {
    if (plan.newStore) {
      for (const orphan of plan.orphans) await deleteOrGone(() => client.files.delete(orphan.fileId, { signal }));
      state.vectorStoreId = undefined;
      state.files = {};
      await store.save(state);
      if (plan.upload.length === 0) return result();
      const created = await client.vectorStores.create({ name: options.storeName }, { signal });
      state.vectorStoreId = created.id;
      await store.save(state); // recorded before anything goes in, so Clean Up can always find it
      log.info(`file search: vector store ${created.id} created`);
    }
    const storeId = state.vectorStoreId!;
    for (const [i, doc] of plan.upload.entries()) {
      options.progress?.({ phase: 'uploading', done: i, total: plan.upload.length });
      signal.throwIfAborted();
      const outcome = await uploadOne(client, storeId, doc, signal);
      if ('error' in outcome) {
        failed.push({ path: doc.path, reason: outcome.error });
        continue;
      }
      // The new version is searchable before the old one goes, so a failure in between loses nothing.
      const previous = state.files[doc.path];
      state.files = { ...state.files, [doc.path]: { fileId: outcome.fileId, hash: doc.hash } };
      await store.save(state);
      uploaded++;
      if (doc.redactions > 0) redacted++;
      if (previous) await removeIndexed(client, storeId, previous.fileId);
    }
    for (const [i, path] of plan.remove.entries()) {
      options.progress?.({ phase: 'removing', done: i, total: plan.remove.length });
      signal.throwIfAborted();
      const entry = state.files[path];
      if (!entry) continue;
      await removeIndexed(client, storeId, entry.fileId);
      state.files = Object.fromEntries(Object.entries(state.files).filter(([p]) => p !== path));
      await store.save(state);
      removed++;
    }
  } catch (err) {
    if (!(isAbort(err) || signal.aborted)) throw err;
    cancelled = true;
  }
  log.info(`file search: ${uploaded} uploaded, ${plan.unchanged} unchanged, ${removed} removed, ${plan.scan.refused.length} refused, ${failed.length} failed${cancelled ? ' (cancelled)' : ''}`);
  return result();
}
