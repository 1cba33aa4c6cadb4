// The code interpreter as this extension offers it: a hosted tool whose container starts with the
// workspace files the user chose to attach (uploaded once, after the user confirmed, F3).
import type OpenAI from 'openai';
import { sdk } from '../sdk/sdk';
import type { ThreadSummary } from '../../shared/turn';
import type { PathPolicy } from '../attachments';

/** The largest workspace file the user may attach for the code interpreter. */
export const MAX_CODE_FILE_BYTES = 10 * 1024 * 1024;

/** The tool as the Responses API takes it: an automatic container holding the thread's attached files. */
export function codeInterpreterTool(thread: ThreadSummary): { type: 'code_interpreter'; container: { type: 'auto'; file_ids?: string[] } } {
  const fileIds = (thread.codeFiles ?? []).map((f) => f.fileId);
  return { type: 'code_interpreter', container: fileIds.length ? { type: 'auto', file_ids: fileIds } : { type: 'auto' } };
}

/**
 * Whether `path` may be uploaded (the same rules as attachments: deny list, .assistantignore, size),
 * and why not. Binary files are allowed: data files (xlsx, parquet) are what the code interpreter is for.
 */
export function checkCodeFile(path: string, size: number, policy: PathPolicy, trusted: boolean): string | undefined {
  if (!trusted) return 'files are not uploaded from an untrusted workspace';
  const verdict = policy.denies(path);
  if (verdict.denied) return verdict.reason;
  if (size > MAX_CODE_FILE_BYTES) return `it is larger than ${MAX_CODE_FILE_BYTES / 1024 / 1024} MB`;
  return undefined;
}

/** Uploads a workspace file for the code interpreter; returns the file id. */
export async function uploadCodeFile(client: OpenAI, path: string, bytes: Uint8Array, signal?: AbortSignal): Promise<string> {
  const name = path.split('/').pop() || 'data';
  const uploaded = await client.files.create({ file: await sdk().toFile(bytes, name), purpose: 'assistants' }, { signal });
  return uploaded.id;
}
