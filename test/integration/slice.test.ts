// The walking skeleton inside the real extension host: commands run, what the extension sent to
// the (fake) OpenAI server, and what it stored for the workspace.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { WorkspaceAssistantApi } from '../../src/host/extension';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { config, KEY, setUp, type Harness, type SentBody } from './setup';
import { conversationOf } from '../../src/core/threads/server-state';

describe('Workspace Assistant in VS Code (Responses + Conversations)', () => {
  let h: Harness;
  let fake: FakeOpenAI;
  let api: WorkspaceAssistantApi;
  const responses = () => h.responses();
  const sentText = (body: unknown) => h.sentText(body);
  const selectIn = (file: string, startLine: number, endLine: number) => h.selectIn(file, startLine, endLine);
  const run = (command: string, ...args: unknown[]) => h.run(command, ...args);

  before(async () => {
    h = await setUp();
    ({ fake, api } = h);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('workspaceAssistant.newThread');
  });

  after(() => h.dispose());

  afterEach(() => assert.deepEqual(fake.violations, [], 'every exchange matches the OpenAI spec'));

  it('Explain Selection streams an answer over the Responses API into a new conversation', async () => {
    await selectIn('src/math.ts', 1, 3);
    fake.script('responses', { text: ['## Explanation', '\n\nThe function ', '`average` divides.'] });
    await run('workspaceAssistant.explain');

    const [turn] = await api.transcript();
    assert.equal(turn.status, 'completed');
    assert.equal(turn.answer, '## Explanation\n\nThe function `average` divides.');
    const thread = await api.thread();
    assert.match(conversationOf(thread) ?? '', /^conv_/);

    const conversations = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/conversations');
    assert.equal(conversations.length, 1);
    const [request] = responses();
    const body = request.body as SentBody;
    assert.equal(body.stream, true);
    assert.equal(body.conversation, conversationOf(thread));
    assert.match(sentText(body), /Selected code from `src\/math\.ts` \(typescript, lines 1-3\)/);
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);

    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.ok(tabs.includes('Workspace Assistant'), `panel tab open: ${tabs.join(', ')}`);
  });

  it('stores the thread in the workspace storage: conversation id and transcript', async () => {
    const thread = await api.thread();
    const index = JSON.parse(await readFile(join(api.storageDir, 'threads.json'), 'utf8'));
    assert.equal(index.index.activeThreadId, thread.id);
    assert.equal(index.index.threads.find((t: { id: string }) => t.id === thread.id).remote.conversationId, conversationOf(thread));
    // The thread's log: a header line, then one line per version of a turn (the last one wins).
    const lines = (await readFile(join(api.storageDir, 'threads', `${thread.id}.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].version, 2);
    const turns = new Map(lines.slice(1).map((l: { turn: { id: string; status: string } }) => [l.turn.id, l.turn]));
    assert.equal(turns.size, 1);
    assert.equal([...turns.values()][0].status, 'completed');
  });

  it('Ask… continues the same conversation, with the selection attached', async () => {
    const before = conversationOf((await api.thread()));
    await selectIn('src/math.ts', 1, 1);
    await run('workspaceAssistant.ask', 'How would I test this?');
    const transcript = await api.transcript();
    assert.equal(transcript.length, 2);
    assert.equal(transcript[1].question, 'How would I test this?');
    assert.equal(transcript[1].status, 'completed');
    const body = responses().at(-1)?.body as SentBody;
    assert.equal(body.conversation, before);
    assert.match(sentText(body), /^How would I test this\?/);
    assert.match(sentText(body), /lines 1-1/);
    assert.equal(fake.conversation(before ?? '')?.items.length, 4);
  });

  it('Debug Selection sends the selection with the debugging question', async () => {
    await selectIn('src/math.ts', 1, 3);
    await run('workspaceAssistant.debug');
    const turn = (await api.transcript()).at(-1);
    assert.equal(turn?.kind, 'debug');
    assert.match(sentText(responses().at(-1)?.body), /Find the bugs/);
  });

  it('Debug Selection also sends what VS Code reports for the selected lines', async () => {
    const editor = await selectIn('src/math.ts', 8, 14);
    const diagnostics = vscode.languages.createDiagnosticCollection('wa-test');
    try {
      diagnostics.set(editor.document.uri, [new vscode.Diagnostic(new vscode.Range(9, 2, 9, 30), 'Loop skips the first element', vscode.DiagnosticSeverity.Warning)]);
      for (let i = 0; i < 50 && !vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.message.startsWith('Loop skips')); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(vscode.languages.getDiagnostics(editor.document.uri).length > 0, 'the diagnostic is visible to extensions');
      await run('workspaceAssistant.debug');
      const text = sentText(responses().at(-1)?.body);
      assert.match(text, /Diagnostics reported by VS Code for `src\/math\.ts`/);
      assert.match(text, /- line 10: warning.*Loop skips the first element/);
      assert.deepEqual((await api.transcript()).at(-1)?.attachments.map((a) => a.kind), ['selection', 'file', 'diagnostics']);
    } finally {
      diagnostics.dispose();
    }
  });

  for (const [command, kind, pattern] of [
    ['workspaceAssistant.fix', 'fix', /^Fix the problems/],
    ['workspaceAssistant.writeTests', 'tests', /^Write unit tests/],
    ['workspaceAssistant.document', 'document', /^Write documentation comments/],
  ] as const) {
    it(`${command} sends the selection with its own question`, async () => {
      await selectIn('src/math.ts', 3, 5);
      await run(command);
      const turn = (await api.transcript()).at(-1);
      assert.equal(turn?.kind, kind);
      assert.equal(turn?.status, 'completed');
      assert.match(sentText(responses().at(-1)?.body), pattern);
      assert.match(sentText(responses().at(-1)?.body), /lines 3-5/);
    });
  }

  it('New Thread starts another conversation', async () => {
    const old = await api.thread();
    await run('workspaceAssistant.newThread');
    assert.notEqual((await api.thread()).id, old.id);
    assert.equal((await api.transcript()).length, 0);
    await run('workspaceAssistant.ask', 'Fresh start');
    const fresh = await api.thread();
    assert.match(conversationOf(fresh) ?? '', /^conv_/);
    assert.notEqual(conversationOf(fresh), conversationOf(old));
    assert.equal((responses().at(-1)?.body as SentBody).conversation, conversationOf(fresh));
  });

  it('C3 a remote server without a key: the turn says how to set one and nothing is sent', async () => {
    delete process.env.OPENAI_API_KEY;
    const sent = fake.requests.length;
    await config().update('baseUrl', 'https://models.example.invalid/v1', vscode.ConfigurationTarget.Global);
    try {
      await run('workspaceAssistant.ask', 'Is a key needed?');
      const turn = (await api.transcript()).at(-1);
      assert.equal(turn?.status, 'failed');
      assert.equal(turn?.error?.kind, 'missing-key');
      assert.equal(turn?.error?.action, 'setApiKey');
      assert.equal(fake.requests.length, sent);
    } finally {
      process.env.OPENAI_API_KEY = KEY;
      await config().update('baseUrl', fake.url, vscode.ConfigurationTarget.Global);
    }
  });

  it('C3 a local server that wants a key: asked without one, its 401 offers Set API Key, once', async () => {
    delete process.env.OPENAI_API_KEY;
    const sent = responses().length;
    try {
      await run('workspaceAssistant.ask', 'Does the local server want a key?');
      const turn = (await api.transcript()).at(-1);
      assert.equal(turn?.status, 'failed');
      assert.equal(turn?.error?.kind, 'auth');
      assert.equal(turn?.error?.action, 'setApiKey');
      assert.equal(responses().length, sent + 1, 'exactly one attempt');
      assert.equal(fake.requests.at(-1)?.headers.authorization, undefined, 'no key, no Authorization header');
    } finally {
      process.env.OPENAI_API_KEY = KEY;
    }
  });

  it('H4 a refused key (401) is explained, not retried', async () => {
    process.env.OPENAI_API_KEY = 'sk-refused-key-000000';
    const sent = responses().length;
    try {
      await run('workspaceAssistant.ask', 'Will this be refused?');
      const turn = (await api.transcript()).at(-1);
      assert.equal(turn?.error?.kind, 'auth');
      assert.match(turn?.error?.message ?? '', /API key was refused/);
      assert.equal(responses().length, sent + 1, 'exactly one attempt');
    } finally {
      process.env.OPENAI_API_KEY = KEY;
    }
  });

  it('H5 an unreachable server is named in the message; the question stays with Retry', async () => {
    const closed = await startFakeOpenAI();
    const url = closed.url;
    await closed.close();
    await config().update('baseUrl', url, vscode.ConfigurationTarget.Global);
    try {
      await run('workspaceAssistant.ask', 'Anyone there?');
      const turn = (await api.transcript()).at(-1);
      assert.equal(turn?.status, 'failed');
      assert.equal(turn?.error?.kind, 'offline');
      assert.ok(turn?.error?.message.includes(url), turn?.error?.message);
      assert.equal(turn?.question, 'Anyone there?');
    } finally {
      await config().update('baseUrl', fake.url, vscode.ConfigurationTarget.Global);
    }
  });

  it('C1 a key the server echoes back is in no turn, stored file or log line; a URL with credentials is shown without them', async () => {
    fake.script('responses', { error: { status: 401, message: `Incorrect API key provided: ${KEY}. Check it.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
    await run('workspaceAssistant.ask', 'Is the key echoed?');
    const turn = (await api.transcript()).at(-1);
    assert.equal(turn?.error?.kind, 'auth');
    assert.ok(!JSON.stringify(turn).includes(KEY), JSON.stringify(turn?.error));
    assert.match(turn?.error?.detail ?? '', /Incorrect API key provided: \[API key hidden\]/, 'the server\'s text is kept, scrubbed');
    const withCredentials = fake.url.replace('://', '://alice:pa55word@');
    await config().update('baseUrl', withCredentials.replace(/:\d+/, ':9'), vscode.ConfigurationTarget.Global);
    try {
      await run('workspaceAssistant.ask', 'Where does this go?');
      const failed = (await api.transcript()).at(-1);
      assert.equal(failed?.error?.kind, 'offline');
      assert.doesNotMatch(JSON.stringify(failed), /alice|pa55word/);
    } finally {
      await config().update('baseUrl', fake.url, vscode.ConfigurationTarget.Global);
    }
    await new Promise((r) => setTimeout(r, 500)); // the log channel writes its file asynchronously
    const logs = (await readdir(api.logDir, { recursive: true })).filter((f) => f.endsWith('.log'));
    assert.ok(logs.length > 0, `a log file in ${api.logDir}`);
    for (const log of logs) {
      const text = await readFile(join(api.logDir, log), 'utf8');
      assert.ok(!text.includes(KEY), `${log} holds the key`);
      assert.doesNotMatch(text, /pa55word/, `${log} holds the URL's password`);
      assert.doesNotMatch(text, /Is the key echoed\?|Where does this go\?/, `${log} holds a prompt (C6)`);
    }
  });

  it('C1 the API key is in no stored file', async () => {
    const files = [join(api.storageDir, 'threads.json'), ...(await readdir(join(api.storageDir, 'threads'))).map((f) => join(api.storageDir, 'threads', f))];
    for (const file of files) assert.ok(!(await readFile(file, 'utf8')).includes(KEY), file);
  });
});
