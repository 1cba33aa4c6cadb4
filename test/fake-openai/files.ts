// /v1/files: multipart upload, list, retrieve, content, delete; the bytes stay in memory.
import type { Exchange } from './exchange';
import { newId, nowSeconds } from './ids';
import { paginate } from './list';
import type { Route } from './router';

/** The multipart fields as the JSON object CreateFileRequest describes (`expires_after[seconds]` → nested, numeric). */
export function formAsRequest(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form) {
    const nested = /^(\w+)\[(\w+)\]$/.exec(key);
    const v = typeof value === 'string' ? value : '<binary>';
    if (nested) {
      const parent = (out[nested[1]] ??= {}) as Record<string, unknown>;
      parent[nested[2]] = /^\d+$/.test(v) ? Number(v) : v;
    } else out[key] = v;
  }
  return out;
}

async function upload(ex: Exchange): Promise<void> {
  const form = ex.form;
  if (!form) return ex.error(400, "Invalid content type: expected 'multipart/form-data'.");
  const request = formAsRequest(form);
  ex.check('request', 'CreateFileRequest', request);
  const file = form.get('file');
  if (!file || typeof file === 'string') return ex.error(400, "Missing required parameter: 'file'.", { param: 'file' });
  const purpose = form.get('purpose');
  if (typeof purpose !== 'string') return ex.error(400, "Missing required parameter: 'purpose'.", { param: 'purpose' });
  const content = Buffer.from(await file.arrayBuffer());
  const createdAt = nowSeconds();
  const meta: Record<string, unknown> = {
    id: newId.file(), object: 'file', bytes: content.length, created_at: createdAt,
    filename: file.name || 'upload', purpose, status: 'processed',
  };
  const expiresAfter = request.expires_after as { seconds?: number } | undefined;
  if (typeof expiresAfter?.seconds === 'number') meta.expires_at = createdAt + expiresAfter.seconds;
  ex.state.files.set(meta.id as string, { meta, content });
  return ex.json(200, meta, 'OpenAIFile');
}

async function list(ex: Exchange): Promise<void> {
  const purpose = ex.query.get('purpose');
  const all = [...ex.state.files.values()].map((f) => f.meta).filter((m) => !purpose || m.purpose === purpose);
  return ex.json(200, paginate(all, ex.query, { order: 'desc', limit: 10000, maxLimit: 10000 }), 'ListFilesResponse');
}

function withFile(handle: (ex: Exchange, id: string) => Promise<void>) {
  return async (ex: Exchange, [id]: string[]): Promise<void> => {
    if (!ex.state.files.has(id)) return ex.error(404, `No such File object: ${id}`, { param: 'id' });
    return handle(ex, id);
  };
}

const retrieve = withFile((ex, id) => ex.json(200, ex.state.files.get(id)!.meta, 'OpenAIFile'));

const content = withFile(async (ex, id) => ex.raw(200, ex.state.files.get(id)!.content, 'application/octet-stream'));

const remove = withFile((ex, id) => {
  ex.state.files.delete(id);
  return ex.json(200, { id, object: 'file', deleted: true }, 'DeleteFileResponse');
});

export const fileRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/files$/, handle: upload },
  { method: 'GET', pattern: /^\/v1\/files$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/files\/([^/]+)$/, handle: retrieve },
  { method: 'GET', pattern: /^\/v1\/files\/([^/]+)\/content$/, handle: content },
  { method: 'DELETE', pattern: /^\/v1\/files\/([^/]+)$/, handle: remove },
];
