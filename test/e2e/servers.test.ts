// Other servers end to end, as a user meets them: VS Code pointed at an Ollama-like server (the fake
// in Ollama's flavour: no Conversations API, no key, its own model list) — a model that is not
// served, Select Model, Explain from the menu, a follow-up that carries the history, a read_file
// call, the Thinking section, a reload and a follow-up that still carries the history — then
// Choose Server to a vLLM-like server and a first answer there.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type * as Harness from '../harness/vscode';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

const REPO = path.resolve(__dirname, '..', '..', '..');
const harness: typeof Harness = createRequire(__filename)(path.join(REPO, 'test', 'harness', 'vscode.js'));
const { startVSCode, openFile, selectLines, runCommand, reloadWindow, editorMenu, webviewFrame, screenshot } = harness;

interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: string | null; tool_call_id?: string; tool_calls?: Array<{ id: string }> }>;
}

describe('other servers in a real VS Code (e2e)', function () {
  let vs: Harness.VSCode;
  let ollama: FakeOpenAI;
  let vllm: FakeOpenAI;
  let workspace: string;

  const chats = (fake: FakeOpenAI) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions').map((r) => r.body as ChatBody);
  const panel = (predicate: (text: string) => boolean, options?: { timeout?: number }) => webviewFrame(vs.page, (text) => predicate(text), options);
  const completed = (question: string) =>
    webviewFrame(vs.page, async (text, frame) => {
      if (!text.includes(question)) return false;
      const last = frame.locator('section.turn').last();
      return (await last.getAttribute('data-status')) === 'completed' && (await last.locator('.question').innerText()).includes(question);
    });

  async function ask(page: Page, question: string): Promise<void> {
    await runCommand(page, 'Workspace Assistant: Ask…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(question);
    await page.keyboard.press('Enter');
  }

  async function pick(page: Page, label: RegExp): Promise<void> {
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label });
    await row.first().waitFor({ timeout: 15_000 });
    await row.first().click();
  }

  before(async function () {
    ollama = await startFakeOpenAI({ validate: true, flavour: 'ollama', models: ['llama3.2:latest', 'qwen3:8b'] });
    vllm = await startFakeOpenAI({ validate: true, flavour: 'vllm', models: ['Qwen/Qwen2.5-Coder-7B-Instruct'] });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-servers-'));
    fs.cpSync(path.join(REPO, 'sample-workspace'), workspace, { recursive: true });
    vs = await startVSCode({
      workspace,
      extensionDevelopmentPath: REPO,
      env: {}, // no OPENAI_API_KEY: a local server needs none
      settings: { 'workspaceAssistant.baseUrl': ollama.url, 'workspaceAssistant.model': 'mistral:7b' },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && vs) await screenshot(vs.page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
    assert.deepEqual([...ollama.violations, ...vllm.violations], []);
  });

  after(async function () {
    await vs?.stop();
    await ollama?.close();
    await vllm?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('a model the server does not serve: the panel names the served ones; Select Model picks one; Retry answers', async function () {
    const page = vs.page;
    await openFile(page, 'src/math.ts'); // the workbench is up and the extension's commands are listed
    ollama.script('chat', { text: 'Answered by llama.' });
    await ask(page, 'Which model answers?');
    const failed = await panel((t) => t.includes('does not serve the model mistral:7b') && t.includes('Select Model'));
    assert.match(await failed.locator('section.turn').last().innerText(), /It serves: llama3\.2:latest, qwen3:8b/);
    assert.equal(chats(ollama).length, 1, 'asked once, no retry loop');
    await screenshot(page, 'servers-1-model-not-served');

    await failed.locator('.error button[data-action="selectModel"]').last().click();
    await pick(page, /llama3\.2:latest/);
    // The header follows the setting; then Retry asks the chosen model.
    const chosen = await panel((t) => t.includes('llama3.2:latest · history kept in VS Code'));
    await chosen.locator('.error button[data-action="retry"]').last().click();
    await completed('Which model answers?');
    assert.equal(chats(ollama).at(-1)?.model, 'llama3.2:latest');
    const header = await (await panel((t) => t.includes('history kept in VS Code'))).locator('.backend').innerText();
    assert.match(header, /llama3\.2:latest · history kept in VS Code/);
    assert.equal(ollama.requests.filter((r) => r.path === '/v1/conversations').length, 1, 'the Conversations API was looked for once');
    assert.ok(ollama.requests.every((r) => r.headers.authorization === undefined), 'no key is sent to a local server');
  });

  it('Explain Selection from the menu; a follow-up carries the history; reasoning shows in Thinking', async function () {
    const page = vs.page;
    await openFile(page, 'src/math.ts');
    await selectLines(page, 'export function average', 'return total / values.length');
    ollama.script('chat', { reasoning: ['The loop starts ', 'at index 1.'], text: ['## What it does\n\n', 'It averages, but skips the first value.'], delayMs: 60 });
    await editorMenu(page, 'let total = 0;', 'Workspace Assistant', 'Explain Selection');
    const done = await completed('Explain what the selected code does');
    const turn = done.locator('section.turn').last();
    assert.equal(await turn.locator('.answer h2').first().innerText(), 'What it does');
    const thinking = turn.locator('details.thinking');
    assert.equal(await thinking.count(), 1, 'a Thinking section');
    assert.equal(await thinking.evaluate((d) => (d as HTMLDetailsElement).open), false, 'collapsed');
    assert.match(await thinking.textContent() ?? '', /The loop starts at index 1\./);
    assert.doesNotMatch(await turn.locator('.answer').innerText(), /The loop starts at index 1/, 'reasoning is not in the answer');
    await screenshot(page, 'servers-2-explained');

    ollama.script('chat', { text: 'Start the loop at 0.' });
    await ask(page, 'How do I fix it?');
    await completed('How do I fix it?');
    const body = chats(ollama).at(-1)!;
    const users = body.messages.filter((m) => m.role === 'user').map((m) => m.content ?? '');
    assert.match(users.at(-1) ?? '', /^How do I fix it\?/);
    assert.ok(users.some((u) => /Selected code from `src\/math\.ts`/.test(u)), 'the explained selection is in the history');
    assert.ok(body.messages.some((m) => m.role === 'assistant' && /skips the first value/.test(m.content ?? '')), 'the earlier answer is in the history');
    assert.ok(!JSON.stringify(body.messages).includes('The loop starts at index 1'), 'reasoning is not sent back');
  });

  it('a read_file call over Chat Completions: a tool card, and the result goes back as a tool message', async function () {
    const page = vs.page;
    ollama.script('chat', { toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.ts', startLine: null, endLine: null } }] }, { text: 'math.ts exports average and percent.' });
    await ask(page, 'What does math.ts export?');
    const done = await completed('What does math.ts export?');
    const card = done.locator('section.turn').last().locator('.tool-card');
    assert.equal(await card.count(), 1);
    assert.equal(await card.getAttribute('data-status'), 'done');
    const [withCall] = chats(ollama).slice(-1);
    const call = withCall.messages.find((m) => m.tool_calls)?.tool_calls?.[0];
    const result = withCall.messages.at(-1);
    assert.equal(result?.role, 'tool');
    assert.equal(result?.tool_call_id, call?.id);
    assert.match(result?.content ?? '', /export function average/);
    await screenshot(page, 'servers-3-tool-call');
  });

  it('after a window reload the thread is back and a follow-up still carries its history', async function () {
    const page = vs.page;
    const probes = ollama.requests.filter((r) => r.path === '/v1/conversations').length;
    await reloadWindow(page);
    await panel((t) => t.includes('What does math.ts export?') && t.includes('math.ts exports average'));
    ollama.script('chat', { text: 'Still here.' });
    await ask(page, 'Do you remember the fix?');
    await completed('Do you remember the fix?');
    const body = chats(ollama).at(-1)!;
    const users = body.messages.filter((m) => m.role === 'user').map((m) => m.content ?? '');
    assert.ok(users.some((u) => u.startsWith('How do I fix it?')) && users.some((u) => u.startsWith('What does math.ts export?')), 'the turns before the reload are sent');
    assert.ok(body.messages.some((m) => m.role === 'tool'), 'with the tool call and its result');
    assert.equal(ollama.requests.filter((r) => r.path === '/v1/conversations').length, probes, 'what was learnt about the server survived the reload');
    await screenshot(page, 'servers-4-after-reload');
  });

  it('Choose Server to a vLLM-like server by URL, Select Model, and a first answer', async function () {
    const page = vs.page;
    await runCommand(page, 'Workspace Assistant: Choose Server');
    await pick(page, /Enter a URL/);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(vllm.url);
    await page.keyboard.press('Enter');
    // The server does not serve the current model: a notification offers Select Model (as a toast,
    // or in the notification center when the workbench keeps it there).
    const offer = page.locator('.notification-list-item', { hasText: /does not serve llama3\.2:latest/ }).locator('.monaco-button', { hasText: 'Select Model' });
    try {
      await offer.first().waitFor({ timeout: 5_000 });
    } catch {
      await runCommand(page, 'Notifications: Show Notifications');
      await offer.first().waitFor({ timeout: 10_000 });
    }
    await screenshot(page, 'servers-5a-offer');
    await offer.first().click();
    await pick(page, /Qwen\/Qwen2\.5-Coder-7B-Instruct/);
    await panel((t) => t.includes('Qwen/Qwen2.5-Coder-7B-Instruct'));

    vllm.script('chat', { text: 'Hello from vLLM.' });
    await ask(page, 'Who answers now?');
    await completed('Who answers now?');
    const [body] = chats(vllm);
    assert.equal(body.model, 'Qwen/Qwen2.5-Coder-7B-Instruct');
    assert.equal(vllm.requests.filter((r) => r.path === '/v1/conversations').length, 1, 'its {"detail":"Not Found"} told it has no Conversations API');
    await screenshot(page, 'servers-5-vllm');
  });
});
