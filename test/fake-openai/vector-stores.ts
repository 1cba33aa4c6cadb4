// /v1/vector_stores (file search's indexes), their files and a keyword search, kept in memory.
// Files are uploaded through /v1/files (purpose `assistants`) and attached by id; indexing is instant.
import type { Exchange } from './exchange';
import { newId, nowSeconds } from './ids';
import { isObject } from './items';
import { paginate } from './list';
import type { Route } from './router';
import type { FakeState, Json, VectorStoreState } from './state';

/** What OpenAI reports for files added with the default (`auto`) chunking strategy. */
const AUTO_CHUNKING = { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } };
const DAY = 86_400;

/** file_counts and usage_bytes follow the store's files. */
function refresh(vs: VectorStoreState): void {
  const files = [...vs.files.values()];
  const count = (status: string): number => files.filter((f) => f.status === status).length;
  vs.meta.file_counts = { in_progress: count('in_progress'), completed: count('completed'), failed: count('failed'), cancelled: count('cancelled'), total: files.length };
  vs.meta.usage_bytes = files.reduce((n, f) => n + Number(f.usage_bytes), 0);
  vs.meta.last_active_at = nowSeconds();
}

function setExpiry(vs: VectorStoreState, expiresAfter: unknown): void {
  if (!isObject(expiresAfter) || typeof expiresAfter.days !== 'number') return;
  vs.meta.expires_after = { anchor: 'last_active_at', days: expiresAfter.days };
  vs.meta.expires_at = nowSeconds() + expiresAfter.days * DAY;
}

/** Attaches an uploaded file; undefined when there is no such file. */
function attach(state: FakeState, vs: VectorStoreState, fileId: string, attributes: unknown): Json | undefined {
  const file = state.files.get(fileId);
  if (!file) return undefined;
  const entry: Json = {
    id: fileId, object: 'vector_store.file', usage_bytes: file.content.length, created_at: nowSeconds(),
    vector_store_id: vs.meta.id, status: 'completed', last_error: null, chunking_strategy: AUTO_CHUNKING,
    attributes: isObject(attributes) ? attributes : {},
  };
  vs.files.set(fileId, entry);
  refresh(vs);
  return entry;
}

function noFile(ex: Exchange, fileId: string, param = 'file_id'): Promise<void> {
  return ex.error(404, `No file found with id '${fileId}'.`, { param });
}

function withStore(handle: (ex: Exchange, vs: VectorStoreState, params: string[]) => Promise<void>) {
  return async (ex: Exchange, params: string[]): Promise<void> => {
    const vs = ex.state.vectorStores.get(params[0]);
    if (!vs) return ex.error(404, `No vector store found with id '${params[0]}'.`, { param: 'vector_store_id' });
    return handle(ex, vs, params);
  };
}

function withStoreFile(handle: (ex: Exchange, vs: VectorStoreState, file: Json) => Promise<void>) {
  return withStore((ex, vs, [, fileId]) => {
    const file = vs.files.get(fileId);
    return file ? handle(ex, vs, file) : noFile(ex, fileId);
  });
}

async function create(ex: Exchange): Promise<void> {
  ex.check('request', 'CreateVectorStoreRequest', ex.body ?? {});
  const body = isObject(ex.body) ? ex.body : {};
  const now = nowSeconds();
  const vs: VectorStoreState = {
    meta: {
      id: newId.vectorStore(), object: 'vector_store', created_at: now, name: typeof body.name === 'string' ? body.name : '',
      usage_bytes: 0, file_counts: {}, status: 'completed', expires_at: null, last_active_at: now,
      metadata: isObject(body.metadata) ? body.metadata : {},
    },
    files: new Map(),
  };
  setExpiry(vs, body.expires_after);
  const fileIds = Array.isArray(body.file_ids) ? body.file_ids.map(String) : [];
  const missing = fileIds.find((id) => !ex.state.files.has(id));
  if (missing) return noFile(ex, missing, 'file_ids');
  for (const id of fileIds) attach(ex.state, vs, id, undefined);
  refresh(vs);
  ex.state.vectorStores.set(vs.meta.id as string, vs);
  return ex.json(200, vs.meta, 'VectorStoreObject');
}

async function list(ex: Exchange): Promise<void> {
  const all = [...ex.state.vectorStores.values()].map((vs) => vs.meta);
  return ex.json(200, paginate(all, ex.query, { order: 'desc', limit: 20, maxLimit: 100 }), 'ListVectorStoresResponse');
}

const retrieve = withStore((ex, vs) => ex.json(200, vs.meta, 'VectorStoreObject'));

const modify = withStore((ex, vs) => {
  ex.check('request', 'UpdateVectorStoreRequest', ex.body ?? {});
  const body = isObject(ex.body) ? ex.body : {};
  if (typeof body.name === 'string') vs.meta.name = body.name;
  if (isObject(body.metadata)) vs.meta.metadata = body.metadata;
  setExpiry(vs, body.expires_after);
  return ex.json(200, vs.meta, 'VectorStoreObject');
});

const remove = withStore((ex, vs) => {
  ex.state.vectorStores.delete(vs.meta.id as string);
  return ex.json(200, { id: vs.meta.id, object: 'vector_store.deleted', deleted: true }, 'DeleteVectorStoreResponse');
});

const createFile = withStore(async (ex, vs) => {
  ex.check('request', 'CreateVectorStoreFileRequest', ex.body ?? {});
  const body = isObject(ex.body) ? ex.body : {};
  if (typeof body.file_id !== 'string') return ex.error(400, "Missing required parameter: 'file_id'.", { param: 'file_id' });
  const entry = attach(ex.state, vs, body.file_id, body.attributes);
  return entry ? ex.json(200, entry, 'VectorStoreFileObject') : noFile(ex, body.file_id);
});

const listFiles = withStore((ex, vs) => {
  const filter = ex.query.get('filter');
  const all = [...vs.files.values()].filter((f) => !filter || f.status === filter);
  return ex.json(200, paginate(all, ex.query, { order: 'desc', limit: 20, maxLimit: 100 }), 'ListVectorStoreFilesResponse');
});

const retrieveFile = withStoreFile((ex, _vs, file) => ex.json(200, file, 'VectorStoreFileObject'));

const updateFile = withStoreFile((ex, _vs, file) => {
  ex.check('request', 'UpdateVectorStoreFileAttributesRequest', ex.body ?? {});
  if (isObject(ex.body)) file.attributes = isObject(ex.body.attributes) ? ex.body.attributes : {};
  return ex.json(200, file, 'VectorStoreFileObject');
});

const removeFile = withStoreFile((ex, vs, file) => {
  vs.files.delete(file.id as string);
  refresh(vs);
  // Detached from the store only: the file itself stays in /v1/files.
  return ex.json(200, { id: file.id, object: 'vector_store.file.deleted', deleted: true }, 'DeleteVectorStoreFileResponse');
});

const fileContent = withStoreFile((ex, _vs, file) => {
  const text = ex.state.files.get(file.id as string)?.content.toString('utf8') ?? '';
  return ex.json(200, { object: 'vector_store.file_content.page', data: [{ type: 'text', text }], has_more: false, next_page: null }, 'VectorStoreFileContentResponse');
});

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [];

/** Blocks of text separated by blank lines: the fake's chunks. */
const chunksOf = (text: string): string[] => text.split(/\n\s*\n/).map((c) => c.trim()).filter(Boolean);

/** A keyword search: a chunk's score is the share of the query's words it contains; the best chunk per file. */
const search = withStore((ex, vs) => {
  ex.check('request', 'VectorStoreSearchRequest', ex.body);
  const body = isObject(ex.body) ? ex.body : {};
  const queries = (Array.isArray(body.query) ? body.query : [body.query]).filter((q): q is string => typeof q === 'string');
  if (!queries.length) return ex.error(400, "Missing required parameter: 'query'.", { param: 'query' });
  const terms = [...new Set(queries.flatMap(words))];
  const max = typeof body.max_num_results === 'number' ? body.max_num_results : 10;
  const ranking = isObject(body.ranking_options) ? body.ranking_options : {};
  const threshold = typeof ranking.score_threshold === 'number' ? ranking.score_threshold : 0;
  const results: Json[] = [];
  for (const entry of vs.files.values()) {
    const stored = ex.state.files.get(entry.id as string);
    if (!stored) continue;
    let best = { score: 0, text: '' };
    for (const chunk of chunksOf(stored.content.toString('utf8'))) {
      const have = new Set(words(chunk));
      const score = terms.length ? terms.filter((t) => have.has(t)).length / terms.length : 0;
      if (score > best.score) best = { score, text: chunk };
    }
    if (best.score > 0 && best.score >= threshold) {
      results.push({
        file_id: entry.id, filename: String(stored.meta.filename), score: Math.round(best.score * 1000) / 1000,
        attributes: entry.attributes ?? {}, content: [{ type: 'text', text: best.text }],
      });
    }
  }
  results.sort((a, b) => Number(b.score) - Number(a.score));
  return ex.json(200, { object: 'vector_store.search_results.page', search_query: queries, data: results.slice(0, max), has_more: false, next_page: null }, 'VectorStoreSearchResultsPage');
});

const ID = '([^/]+)';
export const vectorStoreRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/vector_stores$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/vector_stores$/, handle: list },
  { method: 'GET', pattern: new RegExp(`^/v1/vector_stores/${ID}$`), handle: retrieve },
  { method: 'POST', pattern: new RegExp(`^/v1/vector_stores/${ID}$`), handle: modify },
  { method: 'DELETE', pattern: new RegExp(`^/v1/vector_stores/${ID}$`), handle: remove },
  { method: 'POST', pattern: new RegExp(`^/v1/vector_stores/${ID}/files$`), handle: createFile },
  { method: 'GET', pattern: new RegExp(`^/v1/vector_stores/${ID}/files$`), handle: listFiles },
  { method: 'GET', pattern: new RegExp(`^/v1/vector_stores/${ID}/files/${ID}$`), handle: retrieveFile },
  { method: 'POST', pattern: new RegExp(`^/v1/vector_stores/${ID}/files/${ID}$`), handle: updateFile },
  { method: 'DELETE', pattern: new RegExp(`^/v1/vector_stores/${ID}/files/${ID}$`), handle: removeFile },
  { method: 'GET', pattern: new RegExp(`^/v1/vector_stores/${ID}/files/${ID}/content$`), handle: fileContent },
  { method: 'POST', pattern: new RegExp(`^/v1/vector_stores/${ID}/search$`), handle: search },
];
