// Index Workspace Documents through the real SDK against the fake server: uploads only what is new
// or changed, removes what went away or became ignored, never uploads denied files or secrets
// (E1–E3, E5), starts a new store when the old one vanished, and stops cleanly when cancelled.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createClient } from '../../src/core/client';
import {
  applySync, DEFAULT_INCLUDE, DEFAULT_INDEX_LIMITS, emptyState, fileSearchHostedTool, fileSearchTool, JsonFileSearchStateStore, pathsByFileId, planSync, scanDocuments, uploadName,
  type FileSearchState, type FileSearchStateStore, type IndexLimits, type SyncProgress, type SyncResult,
} from '../../src/core/file-search';
import { silentLogger } from '../../src/core/logger';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { diskWorkspace, tempDir, type Tree } from './tools.support';

const KEY = 'sk-test-file-search';
const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

const TREE: Tree = {
  'README.md': '# Project\n\nHow to build it.\n',
  'docs/guide.md': '# Guide\n\nStart here.\n',
  'docs/setup.txt': `Setup\n\ntoken: ${GITHUB_TOKEN}\n`,
  'docs/diagram.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
  'src/app.ts': 'export const x = 1;\n',
  '.env': 'API_KEY=abc123secret\n',
  'secrets/README.md': 'the vault password is hunter2\n',
  '.assistantignore': 'drafts/\n',
  'drafts/idea.md': '# A draft\n',
};
const INDEXED = ['README.md', 'docs/guide.md', 'docs/setup.txt'];

/** Keeps the state in memory, as a copy, like a store that serialises it; counts saves. */
class MemoryStateStore implements FileSearchStateStore {
  state: FileSearchState = emptyState();
  saves = 0;
  async load(): Promise<FileSearchState> {
    return structuredClone(this.state);
  }
  async save(state: FileSearchState): Promise<void> {
    this.state = structuredClone(state);
    this.saves++;
  }
}

describe('file search: Index Workspace Documents', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  let ws: Awaited<ReturnType<typeof diskWorkspace>>;
  let store: MemoryStateStore;

  const root = () => join(ws.dir, 'project');
  const uploads = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files');

  async function sync(options: { include?: readonly string[]; limits?: IndexLimits; signal?: AbortSignal; progress?: (p: SyncProgress) => void } = {}): Promise<SyncResult> {
    const signal = options.signal ?? new AbortController().signal;
    const state = await store.load();
    const scan = await scanDocuments(ws.port, options.include ?? DEFAULT_INCLUDE, { limits: options.limits, signal });
    const plan = await planSync(client, state, scan, signal);
    return applySync(plan, state, { client, store, signal, log: silentLogger, storeName: 'Workspace Assistant: project', progress: options.progress });
  }

  async function remoteFileIds(): Promise<string[]> {
    return (await client.files.list()).data.map((f) => f.id).sort();
  }

  async function storeFileIds(storeId: string): Promise<string[]> {
    return (await client.vectorStores.files.list(storeId)).data.map((f) => f.id).sort();
  }

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
    client = createClient({ apiKey: KEY, baseUrl: fake.url });
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    ws = await diskWorkspace(TREE);
    store = new MemoryStateStore();
  });
  afterEach(async function () {
    await ws.dispose();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, [], 'every exchange matches the OpenAI spec');
  });

  it('the first sync uploads every document into one new vector store; the second uploads nothing', async () => {
    const first = await sync();
    assert.equal(first.uploaded, 3);
    assert.equal(first.newStore, true);
    assert.deepEqual(Object.keys(store.state.files).sort(), INDEXED);
    const storeId = store.state.vectorStoreId!;
    assert.match(storeId, /^vs_/);
    assert.deepEqual(await storeFileIds(storeId), Object.values(store.state.files).map((f) => f.fileId).sort());
    assert.deepEqual(await remoteFileIds(), await storeFileIds(storeId));
    assert.ok(uploads().every((r) => (r.body as { fields: { purpose: string } }).fields.purpose === 'assistants'));

    const before = uploads().length;
    const second = await sync();
    assert.deepEqual([second.uploaded, second.unchanged, second.removed, second.newStore], [0, 3, 0, false]);
    assert.equal(uploads().length, before);
    assert.equal(store.state.vectorStoreId, storeId);
  });

  it('a changed file is uploaded again and its old upload is deleted from the store and /v1/files', async () => {
    await sync();
    const old = store.state.files['docs/guide.md'].fileId;
    await writeFile(join(root(), 'docs/guide.md'), '# Guide\n\nStart somewhere else.\n');
    const r = await sync();
    assert.deepEqual([r.uploaded, r.unchanged, r.removed], [1, 2, 0]);
    const now = store.state.files['docs/guide.md'].fileId;
    assert.notEqual(now, old);
    const remote = await remoteFileIds();
    assert.ok(!remote.includes(old) && remote.includes(now));
    assert.deepEqual(await storeFileIds(store.state.vectorStoreId!), remote);
    assert.equal(await (await client.files.content(now)).text(), '# Guide\n\nStart somewhere else.\n');
  });

  it('a deleted file, and one that becomes ignored, are removed from the store and /v1/files', async () => {
    await sync();
    const deleted = store.state.files['README.md'].fileId;
    const ignored = store.state.files['docs/setup.txt'].fileId;
    await rm(join(root(), 'README.md'));
    await writeFile(join(root(), '.assistantignore'), 'drafts/\n*.txt\n');
    const r = await sync();
    assert.deepEqual([r.uploaded, r.unchanged, r.removed], [0, 1, 2]);
    assert.deepEqual(Object.keys(store.state.files), ['docs/guide.md']);
    const remote = await remoteFileIds();
    assert.ok(!remote.includes(deleted) && !remote.includes(ignored));
    assert.deepEqual(await storeFileIds(store.state.vectorStoreId!), remote);
  });

  it('E1 E2 E5 denied, ignored and binary files are never read nor uploaded; the reasons are given', async () => {
    // Even a glob that names .env outright.
    const r = await sync({ include: [...DEFAULT_INCLUDE, '.env'] });
    const reasons = new Map(r.refused.map((x) => [x.path, x.reason]));
    assert.match(reasons.get('.env') ?? '', /deny list: environment files/);
    assert.match(reasons.get('secrets/README.md') ?? '', /deny list: secrets folders/);
    assert.match(reasons.get('drafts/idea.md') ?? '', /excluded by \.assistantignore/);
    assert.match(reasons.get('docs/diagram.png') ?? '', /binary/);
    for (const denied of ['.env', 'secrets/README.md', 'drafts/idea.md']) {
      assert.ok(!ws.port.calls.includes(`readFile ${denied}`), `${denied} was read`);
    }
    const names = uploads().flatMap((u) => (u.body as { files: { filename: string }[] }).files.map((f) => f.filename));
    assert.deepEqual(names.sort(), ['README.md', 'docs__guide.md', 'docs__setup.txt']);
  });

  it('E3 secrets are redacted before upload, and the hash is of the redacted text', async () => {
    const r = await sync();
    assert.equal(r.redacted, 1);
    const text = await (await client.files.content(store.state.files['docs/setup.txt'].fileId)).text();
    assert.ok(!text.includes(GITHUB_TOKEN));
    assert.match(text, /\[REDACTED: github-token\]/);
    // Another token in the same place redacts to the same text: nothing to upload again.
    await writeFile(join(root(), 'docs/setup.txt'), `Setup\n\ntoken: ghp_${'Z9y8X7w6V5'.repeat(4)}\n`);
    assert.equal((await sync()).uploaded, 0);
  });

  it('refuses files over the size limit and caps the number of files', async () => {
    const r = await sync({ limits: { ...DEFAULT_INDEX_LIMITS, maxFiles: 2, maxFileBytes: 24 } });
    assert.equal(r.capped, true);
    // In path order the first two matches are README.md (too big) and docs/diagram.png (binary).
    assert.match(r.refused.find((x) => x.path === 'README.md')?.reason ?? '', /larger than/);
    assert.equal(r.uploaded, 0);
    assert.equal(store.state.vectorStoreId, undefined, 'no store is made for nothing');
  });

  it('starts a new vector store when the stored one was deleted on the server, deleting the old uploads', async () => {
    await sync();
    const oldStore = store.state.vectorStoreId!;
    const oldFiles = Object.values(store.state.files).map((f) => f.fileId);
    await client.vectorStores.delete(oldStore);
    const r = await sync();
    assert.deepEqual([r.newStore, r.uploaded, r.unchanged], [true, 3, 0]);
    assert.notEqual(store.state.vectorStoreId, oldStore);
    const remote = await remoteFileIds();
    assert.ok(oldFiles.every((id) => !remote.includes(id)));
    assert.deepEqual(await storeFileIds(store.state.vectorStoreId!), remote);
  });

  it('cancellation stops between files; what was uploaded is recorded, and the next sync finishes', async () => {
    const controller = new AbortController();
    const r = await sync({
      signal: controller.signal,
      progress: (p) => {
        if (p.phase === 'uploading' && p.done === 2) controller.abort();
      },
    });
    assert.deepEqual([r.cancelled, r.uploaded], [true, 2]);
    assert.equal(Object.keys(store.state.files).length, 2);
    assert.deepEqual(await remoteFileIds(), Object.values(store.state.files).map((f) => f.fileId).sort(), 'no upload left unrecorded');
    const rest = await sync();
    assert.deepEqual([rest.cancelled, rest.uploaded, rest.unchanged], [false, 1, 2]);
  });

  it('an empty file is refused (the Files API rejects empty uploads); the others are indexed', async () => {
    await writeFile(join(root(), 'docs/empty.md'), '   \n');
    const r = await sync();
    assert.match(r.refused.find((x) => x.path === 'docs/empty.md')?.reason ?? '', /empty/);
    assert.equal(r.uploaded, 3);
  });

  it('offers the file_search tool only when a store holds files, and maps file ids to paths', async () => {
    assert.equal(fileSearchTool(store.state), undefined);
    await sync();
    const id = store.state.vectorStoreId!;
    assert.deepEqual(fileSearchTool(store.state), { type: 'file_search', vector_store_ids: [id] });
    assert.deepEqual(fileSearchHostedTool(store.state), { vectorStoreIds: [id] });
    const paths = pathsByFileId(store.state);
    assert.equal(paths.get(store.state.files['docs/guide.md'].fileId), 'docs/guide.md');
  });

  it('refuses to index an untrusted workspace', async () => {
    ws.port.trusted = false;
    await assert.rejects(sync(), /untrusted/);
    assert.equal(uploads().length, 0);
  });
});

describe('file search: upload names and the state file', () => {
  it('names uploads by their whole path, with .txt where file search would refuse the extension', () => {
    assert.equal(uploadName('docs/guide.md'), 'docs__guide.md');
    assert.equal(uploadName('README'), 'README.txt');
    assert.equal(uploadName('docs/api.rst'), 'docs__api.rst.txt');
  });

  it('keeps the state in a JSON file; a missing or damaged one reads as empty', async () => {
    const { dir, dispose } = await tempDir('wa-fs-state-');
    try {
      const store = new JsonFileSearchStateStore(dir);
      assert.deepEqual(await store.load(), emptyState());
      const state: FileSearchState = { vectorStoreId: 'vs_1', files: { 'a.md': { fileId: 'file-1', hash: 'h' } } };
      await store.save(state);
      assert.deepEqual(await new JsonFileSearchStateStore(dir).load(), state);
      await writeFile(join(dir, 'file-search.json'), '{not json');
      assert.deepEqual(await store.load(), emptyState());
    } finally {
      await dispose();
    }
  });
});
