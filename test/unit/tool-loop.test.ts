// The tool loop through the fake server and the real SDK: function calls are run on a real temp-dir
// workspace, their outputs go back in the next request of the same conversation, one per call id
// in call order (F6), and the turn ends with the model's answer.
import assert from 'node:assert/strict';
import type { Assistant } from '../../src/core/assistant';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import { CANCELLED_OUTPUT, MAX_TOOL_ROUNDS, type ToolRunner } from '../../src/core/tool-loop';
import { availableTools, runToolCall } from '../../src/core/tools';
import type { Turn } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../fake-openai/server';
import { testAssistant } from './support';
import { diskWorkspace, type DiskWorkspace } from './tools.support';

const KEY = 'sk-test-tool-loop';

interface SentInput {
  type?: string;
  call_id?: string;
  output?: string;
  role?: string;
}
const inputOf = (r: RecordedRequest | undefined): SentInput[] => ((r?.body as { input?: SentInput[] }).input ?? []);
const outputsOf = (r: RecordedRequest | undefined) => inputOf(r).filter((i) => i.type === 'function_call_output');

describe('the tool loop (function calling)', () => {
  let fake: FakeOpenAI;
  let workspace: { port: DiskWorkspace; dispose: () => Promise<void> };
  let assistant: Assistant;

  const runner = (port: DiskWorkspace): ToolRunner => ({
    definitions: () => availableTools(port.isTrusted()),
    run: (call, options) => runToolCall(call, port, options),
  });
  const posts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
  const ask = (question: string): Promise<Turn> => assistant.ask({ kind: 'ask', question, attachments: [] });

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    workspace = await diskWorkspace({ 'src/math.ts': 'export const add = (a: number, b: number) => a + b;\n', '.env': 'API_KEY=sk-live-123\n', 'README.md': '# Demo\n' });
    const store = new MemoryThreadStore();
    assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: 10_000, tools: runner(workspace.port) }));
    await assistant.load();
  });
  afterEach(async function () {
    await workspace.dispose();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, []);
  });

  it('offers the six tools, runs a call and sends its output in the same conversation, then shows the answer', async () => {
    fake.script('responses', { toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.ts', startLine: null, endLine: null } }] }, { text: ['It adds ', 'two numbers.'] });
    const turn = await ask('What does add do?');
    assert.equal(turn.status, 'completed');
    assert.equal(turn.answer, 'It adds two numbers.');
    const [first, second] = posts();
    assert.deepEqual(((first.body as { tools: { name: string }[] }).tools ?? []).map((t) => t.name).sort(), ['get_diagnostics', 'get_git_diff', 'get_selection', 'list_files', 'read_file', 'search_workspace']);
    assert.equal((first.body as { conversation: string }).conversation, (second.body as { conversation: string }).conversation);
    const outputs = outputsOf(second);
    assert.equal(outputs.length, 1);
    assert.match(outputs[0].output ?? '', /export const add/);
    assert.ok(!inputOf(second).some((i) => i.role === 'user'), 'the question is not sent again with the outputs (H12)');
    assert.equal(turn.tools?.length, 1);
    assert.equal(turn.tools?.[0].status, 'done');
    assert.equal(turn.tools?.[0].name, 'read_file');
    assert.ok((turn.tools?.[0].durationMs ?? -1) >= 0);
    // Two responses: the turn's usage is their sum.
    assert.equal(turn.usage?.totalTokens, (turn.usage?.inputTokens ?? 0) + (turn.usage?.outputTokens ?? 0));
    assert.ok((turn.usage?.inputTokens ?? 0) > (first.body as { input: unknown[] }).input.length);
  });

  it('F6 several calls in one response: one output per call id, in call order; errors are outputs too (F5, F2)', async () => {
    fake.script('responses', {
      toolCalls: [
        { name: 'read_file', arguments: { path: '.env', startLine: null, endLine: null }, callId: 'call_a' },
        { name: 'read_file', arguments: '{"path": ', callId: 'call_b' },
        { name: 'format_disk', arguments: {}, callId: 'call_c' },
        { name: 'list_files', arguments: { glob: null }, callId: 'call_d' },
      ],
    }, { text: 'Done.' });
    const turn = await ask('Look around');
    assert.equal(turn.status, 'completed');
    const outputs = outputsOf(posts()[1]);
    assert.deepEqual(outputs.map((o) => o.call_id), ['call_a', 'call_b', 'call_c', 'call_d']);
    assert.doesNotMatch(outputs[0].output ?? '', /sk-live-123/, 'E1/F2 .env is never read');
    assert.match(outputs[1].output ?? '', /error/i);
    assert.match(outputs[2].output ?? '', /unknown tool/);
    assert.match(outputs[3].output ?? '', /src\/math\.ts/);
    assert.doesNotMatch(outputs[3].output ?? '', /\.env/, 'F2 the listing does not name denied files');
    assert.deepEqual(turn.tools?.map((t) => t.status), ['error', 'error', 'refused', 'done']);
  });

  it('several rounds: the model reads after listing, and usage adds up over the responses', async () => {
    fake.script('responses',
      { toolCalls: [{ name: 'list_files', arguments: { glob: null } }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md', startLine: null, endLine: null } }] },
      { text: 'The README is a title.' },
    );
    const turn = await ask('What is in the README?');
    assert.equal(turn.status, 'completed');
    assert.equal(posts().length, 3);
    assert.equal(turn.tools?.length, 2);
    assert.ok((turn.usage?.totalTokens ?? 0) > 0);
  });

  it('F11 a model that keeps calling tools is stopped with a message; the next question answers the pending calls first (I3)', async () => {
    const loop = Array.from({ length: MAX_TOOL_ROUNDS }, () => ({ toolCalls: [{ name: 'get_selection', arguments: {} }] }));
    fake.script('responses', ...loop);
    const turn = await ask('Loop forever');
    assert.equal(turn.status, 'failed');
    assert.match(turn.error?.message ?? '', /kept calling tools/);
    assert.equal(posts().length, MAX_TOOL_ROUNDS);
    fake.script('responses', { text: 'Back to normal.' });
    const next = await ask('Something else');
    assert.equal(next.status, 'completed', JSON.stringify(next.error));
    const input = inputOf(posts().at(-1));
    assert.equal(input[0].type, 'function_call_output');
    assert.equal(input[0].output, CANCELLED_OUTPUT);
    assert.equal(input.at(-1)?.role, 'user');
  });

  it('H8/I3 Stop while a tool runs: the turn is cancelled, the call is marked cancelled and answered as such on the next question', async () => {
    // A search that takes long enough to be stopped: a regex run over a big file.
    fake.script('responses', { toolCalls: [{ name: 'get_git_diff', arguments: { path: null } }] });
    let release: () => void = () => undefined;
    workspace.port.gitDiff = () => new Promise((resolve) => (release = () => resolve([])));
    const stopper = assistant.onEvent((e) => e.type === 'turn' && e.turn.tools?.[0]?.status === 'running' && assistant.stop());
    const turn = await ask('Stop me');
    stopper.dispose();
    release();
    assert.equal(turn.status, 'cancelled');
    assert.equal(turn.tools?.[0].status, 'cancelled');
    assert.equal(posts().length, 1, 'no outputs were sent for a stopped turn');
    fake.script('responses', { text: 'Fine.' });
    const next = await ask('Next');
    assert.equal(next.status, 'completed', JSON.stringify(next.error));
    assert.deepEqual(outputsOf(posts().at(-1)).map((o) => o.output), [CANCELLED_OUTPUT]);
  });

  it('I3 a window closed while a tool runs: the turn is saved interrupted, and after the reload the next question answers the abandoned call first', async () => {
    const store = new MemoryThreadStore();
    const make = () => testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: 10_000, tools: runner(workspace.port) }));
    const first = make();
    await first.load();
    fake.script('responses', { toolCalls: [{ name: 'get_git_diff', arguments: { path: null }, callId: 'call_abandoned' }] });
    workspace.port.gitDiff = () => new Promise(() => undefined); // never answers: the window closes first
    const closing = first.onEvent((e) => e.type === 'turn' && e.turn.tools?.[0]?.status === 'running' && void first.suspend());
    const turn = await first.ask({ kind: 'ask', question: 'What changed?', attachments: [] });
    closing.dispose();
    assert.equal(turn.status, 'interrupted');

    const reloaded = make();
    await reloaded.load();
    assert.equal(reloaded.transcript.at(-1)?.status, 'interrupted');
    assert.equal(reloaded.transcript.at(-1)?.tools?.[0].status, 'cancelled', 'no card spins forever');
    fake.script('responses', { text: 'Hello again.' });
    const next = await reloaded.ask({ kind: 'ask', question: 'Hello?', attachments: [] });
    assert.equal(next.status, 'completed', JSON.stringify(next.error));
    const input = inputOf(posts().at(-1));
    assert.deepEqual(input.filter((i) => i.type === 'function_call_output').map((i) => [i.call_id, i.output]), [['call_abandoned', CANCELLED_OUTPUT]]);
  });

  it('G5 in an untrusted workspace no tools are offered, and a call made anyway is refused', async () => {
    workspace.port.trusted = false;
    fake.script('responses', { toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.ts', startLine: null, endLine: null } }] }, { text: 'ok' });
    const turn = await ask('Read it');
    assert.equal(turn.status, 'completed');
    assert.equal((posts()[0].body as { tools?: unknown[] }).tools, undefined);
    assert.match(outputsOf(posts()[1])[0].output ?? '', /no tools are available/);
    assert.equal(turn.tools?.[0].status, 'refused');
  });

  it('the fake server refuses a new message while calls wait for outputs, as OpenAI does (the reason for I3)', async () => {
    fake.script('responses', { toolCalls: [{ name: 'get_selection', arguments: {} }] });
    const conversation = await (await fetch(`${fake.url}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: '{}' })).json() as { id: string };
    const create = (input: unknown) => fetch(`${fake.url}/responses`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-test', conversation: conversation.id, input }) });
    const first = await (await create('hi')).json() as { output: { call_id: string }[] };
    const refused = await create('again');
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, new RegExp(`No tool output found for function call ${first.output[0].call_id}`));
    const answered = await create([{ type: 'function_call_output', call_id: first.output[0].call_id, output: '{}' }]);
    assert.equal(answered.status, 200);
  });
});
