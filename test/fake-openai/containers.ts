// /v1/containers and their files (what the code interpreter runs in and writes to), kept in memory.
// Also the server side of a scripted code interpreter run: its container and the files it writes.
import type { Exchange } from './exchange';
import { formAsRequest } from './files';
import { newId, nowSeconds } from './ids';
import { isObject } from './items';
import { paginate } from './list';
import type { Route } from './router';
import type { ContainerState, FakeState } from './state';
import type { ScriptedReply } from './types';

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  csv: 'text/csv', txt: 'text/plain', json: 'application/json', md: 'text/markdown', html: 'text/html', pdf: 'application/pdf',
};

export function guessMimeType(filename: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[ext] ?? 'application/octet-stream';
}

function newContainer(state: FakeState, id: string, name: string, memoryLimit = '1g', minutes = 20): ContainerState {
  const now = nowSeconds();
  const c: ContainerState = {
    meta: {
      id, object: 'container', name, created_at: now, status: 'running', last_active_at: now,
      expires_after: { anchor: 'last_active_at', minutes }, memory_limit: memoryLimit,
    },
    files: new Map(),
  };
  state.containers.set(id, c);
  return c;
}

/** Stores a file in a container, as the ContainerFileResource OpenAI reports (path under /mnt/data). */
function addFile(c: ContainerState, filename: string, content: Buffer, source: 'user' | 'assistant', mimeType?: string): string {
  const id = newId.containerFile();
  const meta = {
    id, object: 'container.file', created_at: nowSeconds(), bytes: content.length,
    container_id: c.meta.id, path: `/mnt/data/${filename}`, source,
  };
  c.files.set(id, { meta, content, mimeType: mimeType ?? guessMimeType(filename) });
  c.meta.last_active_at = nowSeconds();
  return id;
}

/** A code interpreter run as the response shows it: the container it ran in and the files it wrote. */
export interface PlannedCodeRun {
  id: string;
  containerId: string;
  /** The code's delta chunks (never empty: one '' chunk is not sent). */
  chunks: string[];
  code: string;
  logs?: string;
  imageUrl?: string;
  files: { fileId: string; filename: string }[];
  fail: boolean;
}

/**
 * Runs a reply's scripted code interpreter steps on the server side: creates their containers (one
 * `auto` container per response, or the scripted one) and stores the files they write.
 */
export function runCodeSteps(state: FakeState, reply: ScriptedReply): PlannedCodeRun[] {
  let auto: ContainerState | undefined;
  return (reply.codeInterpreter ?? []).map((step) => {
    let container: ContainerState;
    if (step.containerId) {
      container = state.containers.get(step.containerId) ?? newContainer(state, step.containerId, 'Code interpreter');
    } else {
      auto ??= newContainer(state, newId.container(), 'Code interpreter');
      container = auto;
    }
    const chunks = (Array.isArray(step.code) ? step.code : [step.code]).filter((c) => c.length > 0);
    const files = (step.files ?? []).map((f) => ({
      filename: f.filename,
      fileId: addFile(container, f.filename, Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, 'utf8'), 'assistant', f.mimeType),
    }));
    return {
      id: newId.codeInterpreterCall(), containerId: container.meta.id as string, chunks, code: chunks.join(''),
      logs: step.logs, imageUrl: step.imageUrl, files, fail: step.fail === true,
    };
  });
}

function withContainer(handle: (ex: Exchange, c: ContainerState, params: string[]) => Promise<void>) {
  return async (ex: Exchange, params: string[]): Promise<void> => {
    const c = ex.state.containers.get(params[0]);
    if (!c) return ex.error(404, `Container with id '${params[0]}' not found.`, { param: 'container_id' });
    return handle(ex, c, params);
  };
}

function withContainerFile(handle: (ex: Exchange, c: ContainerState, fileId: string) => Promise<void>) {
  return withContainer((ex, c, [, fileId]) => {
    if (!c.files.has(fileId)) return ex.error(404, `Container file with id '${fileId}' not found.`, { param: 'file_id' });
    return handle(ex, c, fileId);
  });
}

async function create(ex: Exchange): Promise<void> {
  ex.check('request', 'CreateContainerBody', ex.body ?? {});
  const body = isObject(ex.body) ? ex.body : {};
  if (typeof body.name !== 'string') return ex.error(400, "Missing required parameter: 'name'.", { param: 'name' });
  const expires = isObject(body.expires_after) && typeof body.expires_after.minutes === 'number' ? body.expires_after.minutes : 20;
  const c = newContainer(ex.state, newId.container(), body.name, typeof body.memory_limit === 'string' ? body.memory_limit : '1g', expires);
  for (const fileId of Array.isArray(body.file_ids) ? body.file_ids : []) {
    const f = ex.state.files.get(String(fileId));
    if (!f) {
      ex.state.containers.delete(c.meta.id as string);
      return ex.error(404, `No such File object: ${String(fileId)}`, { param: 'file_ids' });
    }
    addFile(c, String(f.meta.filename), f.content, 'user');
  }
  return ex.json(200, c.meta, 'ContainerResource');
}

async function list(ex: Exchange): Promise<void> {
  const name = ex.query.get('name');
  const all = [...ex.state.containers.values()].map((c) => c.meta).filter((m) => !name || m.name === name);
  return ex.json(200, paginate(all, ex.query, { order: 'desc', limit: 20, maxLimit: 100 }), 'ContainerListResource');
}

const retrieve = withContainer((ex, c) => ex.json(200, c.meta, 'ContainerResource'));

const remove = withContainer((ex, c) => {
  ex.state.containers.delete(c.meta.id as string);
  // The spec gives this 200 no schema; this is the body its example shows.
  return ex.json(200, { id: c.meta.id, object: 'container.deleted', deleted: true });
});

/** POST …/files: a multipart upload (`file`) or JSON naming an uploaded file (`file_id`). */
const createFile = withContainer(async (ex, c) => {
  if (ex.form) {
    ex.check('request', 'CreateContainerFileBody', formAsRequest(ex.form));
    const file = ex.form.get('file');
    if (!file || typeof file === 'string') return ex.error(400, "Missing required parameter: 'file'.", { param: 'file' });
    const id = addFile(c, file.name || 'upload', Buffer.from(await file.arrayBuffer()), 'user', file.type || undefined);
    return ex.json(200, c.files.get(id)!.meta, 'ContainerFileResource');
  }
  ex.check('request', 'CreateContainerFileBody', ex.body ?? {});
  const fileId = isObject(ex.body) && typeof ex.body.file_id === 'string' ? ex.body.file_id : undefined;
  if (!fileId) return ex.error(400, "Expected a multipart 'file' or a JSON 'file_id'.", { param: 'file' });
  const f = ex.state.files.get(fileId);
  if (!f) return ex.error(404, `No such File object: ${fileId}`, { param: 'file_id' });
  const id = addFile(c, String(f.meta.filename), f.content, 'user');
  return ex.json(200, c.files.get(id)!.meta, 'ContainerFileResource');
});

const listFiles = withContainer((ex, c) =>
  ex.json(200, paginate([...c.files.values()].map((f) => f.meta), ex.query, { order: 'desc', limit: 20, maxLimit: 100 }), 'ContainerFileListResource'));

const retrieveFile = withContainerFile((ex, c, id) => ex.json(200, c.files.get(id)!.meta, 'ContainerFileResource'));

const fileContent = withContainerFile(async (ex, c, id) => {
  const f = c.files.get(id)!;
  ex.raw(200, f.content, f.mimeType);
});

const removeFile = withContainerFile((ex, c, id) => {
  c.files.delete(id);
  return ex.json(200, { id, object: 'container.file.deleted', deleted: true });
});

const ID = '([^/]+)';
export const containerRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/containers$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/containers$/, handle: list },
  { method: 'GET', pattern: new RegExp(`^/v1/containers/${ID}$`), handle: retrieve },
  { method: 'DELETE', pattern: new RegExp(`^/v1/containers/${ID}$`), handle: remove },
  { method: 'POST', pattern: new RegExp(`^/v1/containers/${ID}/files$`), handle: createFile },
  { method: 'GET', pattern: new RegExp(`^/v1/containers/${ID}/files$`), handle: listFiles },
  { method: 'GET', pattern: new RegExp(`^/v1/containers/${ID}/files/${ID}$`), handle: retrieveFile },
  { method: 'DELETE', pattern: new RegExp(`^/v1/containers/${ID}/files/${ID}$`), handle: removeFile },
  { method: 'GET', pattern: new RegExp(`^/v1/containers/${ID}/files/${ID}/content$`), handle: fileContent },
];
