// The fake's /v1/chat/completions in each server flavour, through the real openai SDK and, where the SDK
// would hide the wire, raw fetch: text, reasoning, tool calls, finish reasons, usage and each server's
// extras, with every chunk and body checked against the spec (zero violations) unless a test says otherwise.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { type RawAnswer, postRaw } from '../fake-openai/raw-sse';
import { FLAVOURS, type FakeOpenAI, type Flavour, type ScriptedReply } from '../fake-openai/server';
import { useFlavouredFakes } from './flavoured-fakes';

type Chunk = OpenAI.Chat.ChatCompletionChunk;
type Json = Record<string, unknown>;

const TOOLS: OpenAI.Chat.ChatCompletionTool[] = [{
  type: 'function',
  function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
}];
const READ = { name: 'read_file', arguments: { path: 'src/a.ts' } };
const READ_ARGS = JSON.stringify(READ.arguments);

describe('fake-openai: chat completions in server flavours', function () {
  this.timeout(60_000);
  const fakes = useFlavouredFakes();
  const server = fakes.get;
  afterEach(function () {
    if (this.currentTest?.state !== 'passed') return;
    for (const fake of fakes.all()) assert.deepEqual(fake.violations, [], `violations on ${fake.flavour}`);
  });

  const clientOf = (fake: FakeOpenAI): OpenAI => new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });

  async function streamChunks(fake: FakeOpenAI, params: Partial<OpenAI.Chat.ChatCompletionCreateParamsStreaming> = {}): Promise<Chunk[]> {
    const stream = await clientOf(fake).chat.completions.create({
      model: fake.models[0], messages: [{ role: 'user', content: 'hello' }], ...params, stream: true,
    });
    const chunks: Chunk[] = [];
    for await (const c of stream) chunks.push(c);
    return chunks;
  }

  const raw = (fake: FakeOpenAI, body: Json = {}): Promise<RawAnswer> =>
    postRaw(`${fake.url}/chat/completions`, { model: fake.models[0], messages: [{ role: 'user', content: 'hello' }], stream: true, ...body });

  const contentOf = (chunks: Chunk[]): string => chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  const deltaField = (chunks: Json[], field: string): string =>
    chunks.map((c) => ((c.choices as Json[])[0]?.delta as Json | undefined)?.[field]).filter((v) => typeof v === 'string').join('');
  const finishReasons = (chunks: Json[]): unknown[] =>
    chunks.flatMap((c) => (c.choices as Json[]).map((ch) => ch.finish_reason)).filter((r) => r !== null && r !== undefined);
  const toolCallParts = (chunks: Json[]): Json[] =>
    chunks.flatMap((c) => (c.choices as Json[]).flatMap((ch) => ((ch.delta as Json | undefined)?.tool_calls as Json[] | undefined) ?? []));

  it('accepts every message shape a chat history has: system, user text or parts, assistant tool calls, tool results', async () => {
    for (const flavour of ['openai', 'ollama', 'vllm'] as const) {
      const fake = await server(flavour);
      fake.script('chat', { text: 'ok' });
      const c = await clientOf(fake).chat.completions.create({
        model: fake.models[0],
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'What is in ' }, { type: 'text', text: 'src/a.ts?' }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: READ_ARGS } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'export const a = 1;' },
          { role: 'user', content: 'Thanks' },
        ],
        tools: TOOLS,
      });
      assert.equal(c.choices[0].message.content, 'ok', flavour);
      assert.deepEqual(fake.violations, [], flavour);
    }
  });

  describe('openai', () => {
    it('sends obfuscation on every chunk, usage only when asked (null on the others), [DONE] last', async () => {
      const fake = await server('openai');
      fake.script('chat', { text: ['Hi ', 'there'] }, { text: 'x' }, { text: 'y' });
      const withUsage = await raw(fake, { stream_options: { include_usage: true } });
      assert.ok(withUsage.chunks.every((c) => typeof c.obfuscation === 'string'));
      assert.ok(withUsage.chunks.slice(0, -1).every((c) => c.usage === null));
      assert.deepEqual(withUsage.chunks.at(-1)!.choices, []);
      assert.equal(deltaField(withUsage.chunks, 'content'), 'Hi there');
      assert.ok(withUsage.done);
      const without = await raw(fake);
      assert.ok(without.chunks.every((c) => !('usage' in c)));
      const noObfuscation = await raw(fake, { stream_options: { include_obfuscation: false } });
      assert.ok(noObfuscation.chunks.every((c) => !('obfuscation' in c)));
    });

    it('streams a tool call: a first piece with index, id, type, name and empty arguments, then argument pieces with only the index', async () => {
      const fake = await server('openai');
      fake.script('chat', { toolCalls: [READ, { name: 'list_files', arguments: '{}' }], reasoning: 'ignored on chat' });
      const r = await raw(fake, { tools: TOOLS });
      const parts = toolCallParts(r.chunks);
      assert.deepEqual(parts[0], { index: 0, id: parts[0].id, type: 'function', function: { name: 'read_file', arguments: '' } });
      assert.match(String(parts[0].id), /^call_[0-9a-f]{24}$/);
      const pieces = parts.filter((p) => p.index === 0).slice(1);
      assert.ok(pieces.length > 1 && pieces.every((p) => Object.keys(p).join() === 'index,function' && Object.keys(p.function as Json).join() === 'arguments'));
      assert.equal(pieces.map((p) => (p.function as Json).arguments).join(''), READ_ARGS);
      assert.ok(parts.some((p) => p.index === 1 && (p.function as Json).name === 'list_files'));
      assert.deepEqual(finishReasons(r.chunks), ['tool_calls']);
      assert.equal(deltaField(r.chunks, 'reasoning'), '', 'no reasoning on OpenAI chat');
    });

    it('ends a call forced by a named tool_choice with stop, as OpenAI does', async () => {
      const fake = await server('openai');
      fake.script('chat', { toolCalls: [READ] });
      const r = await raw(fake, { tools: TOOLS, tool_choice: { type: 'function', function: { name: 'read_file' } } });
      assert.deepEqual(finishReasons(r.chunks), ['stop']);
    });

    it('answers JSON with the tool calls in the message (content null) and finish_reason tool_calls', async () => {
      const fake = await server('openai');
      fake.script('chat', { toolCalls: [{ ...READ, callId: 'call_given' }] });
      const c = await clientOf(fake).chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }], tools: TOOLS });
      assert.equal(c.choices[0].message.content, null);
      assert.deepEqual(c.choices[0].message.tool_calls, [{ id: 'call_given', type: 'function', function: { name: 'read_file', arguments: READ_ARGS } }]);
      assert.equal(c.choices[0].finish_reason, 'tool_calls');
    });
  });

  describe('ollama', () => {
    it('streams reasoning as delta.reasoning, the role on the first delta only, no logprobs', async () => {
      const fake = await server('ollama');
      fake.script('chat', { reasoning: ['The user ', 'says hi.'], text: ['Hello', '!'] });
      const r = await raw(fake);
      assert.equal(deltaField(r.chunks, 'reasoning'), 'The user says hi.');
      assert.equal(deltaField(r.chunks, 'content'), 'Hello!');
      const deltas = r.chunks.map((c) => (c.choices as Json[])[0].delta as Json);
      assert.equal(deltas[0].role, 'assistant');
      assert.ok(deltas.slice(1).every((d) => !('role' in d)));
      assert.ok(r.chunks.every((c) => (c.choices as Json[]).every((ch) => !('logprobs' in ch))));
      assert.equal(r.chunks[0].system_fingerprint, 'fp_ollama');
      assert.match(String(r.chunks[0].id), /^chatcmpl-\d{1,3}$/);
    });

    it('sends each tool call whole in one chunk, then tool_calls in a chunk of its own with an empty delta', async () => {
      const fake = await server('ollama');
      fake.script('chat', { toolCalls: [READ, { name: 'list_files', arguments: {} }] });
      const r = await raw(fake, { tools: TOOLS });
      const withCalls = r.chunks.filter((c) => ((c.choices as Json[])[0].delta as Json).tool_calls);
      assert.equal(withCalls.length, 2);
      const [first, second] = withCalls.map((c) => (((c.choices as Json[])[0].delta as Json).tool_calls as Json[])[0]);
      assert.deepEqual({ ...first, id: 'x' }, { id: 'x', index: 0, type: 'function', function: { name: 'read_file', arguments: READ_ARGS } });
      assert.match(String(first.id), /^call_[a-z0-9]{8}$/);
      assert.equal(second.index, 1);
      const last = r.chunks.at(-1)!;
      assert.deepEqual((last.choices as Json[])[0], { index: 0, delta: {}, finish_reason: 'tool_calls' });
      assert.ok(r.done);
    });

    it('the SDK reads the same stream: text and reasoning, usage only with include_usage', async () => {
      const fake = await server('ollama');
      fake.script('chat', { reasoning: 'hm', text: ['a', 'b'] }, { text: 'c' });
      const chunks = await streamChunks(fake, { stream_options: { include_usage: true } });
      assert.equal(contentOf(chunks), 'ab');
      assert.deepEqual(chunks.at(-1)!.choices, []);
      assert.equal(typeof chunks.at(-1)!.usage?.total_tokens, 'number');
      const plain = await streamChunks(fake);
      assert.ok(plain.every((c) => !c.usage));
    });
  });

  describe('lmstudio', () => {
    it('streams reasoning as delta.reasoning and tool calls with numeric ids', async () => {
      const fake = await server('lmstudio');
      fake.script('chat', { reasoning: 'Let me see.', toolCalls: [READ] });
      const r = await raw(fake, { tools: TOOLS });
      assert.equal(deltaField(r.chunks, 'reasoning'), 'Let me see.');
      const parts = toolCallParts(r.chunks);
      assert.match(String(parts[0].id), /^\d{9}$/);
      assert.equal(parts.map((p) => (p.function as Json).arguments ?? '').join(''), READ_ARGS);
      assert.deepEqual(finishReasons(r.chunks), ['tool_calls']);
    });

    it('with thinkTags, sends the reasoning as <think>…</think> at the start of the content', async () => {
      const fake = await server('lmstudio', { thinkTags: true });
      fake.script('chat', { reasoning: ['Hmm', ', fine.'], text: 'Answer.' });
      const chunks = await streamChunks(fake);
      assert.equal(contentOf(chunks), '<think>\nHmm, fine.\n</think>\n\nAnswer.');
      assert.ok(chunks.every((c) => !('reasoning' in (c.choices[0]?.delta ?? {}))));
    });
  });

  describe('llamacpp', () => {
    it('streams reasoning as delta.reasoning_content and ends without data: [DONE]', async () => {
      const fake = await server('llamacpp');
      fake.script('chat', { reasoning: ['Step ', 'one.'], text: 'Done.' });
      const r = await raw(fake);
      assert.equal(deltaField(r.chunks, 'reasoning_content'), 'Step one.');
      assert.equal(deltaField(r.chunks, 'content'), 'Done.');
      assert.equal(r.done, false);
      assert.ok(!r.text.includes('[DONE]'));
      assert.ok('timings' in r.chunks.at(-1)!);
    });

    it('the SDK reads a stream without [DONE] to its end', async () => {
      const fake = await server('llamacpp');
      fake.script('chat', { text: ['one ', 'two'] });
      const chunks = await streamChunks(fake);
      assert.equal(contentOf(chunks), 'one two');
      assert.equal(chunks.at(-1)!.choices[0].finish_reason, 'stop');
    });

    it('tool call ids are 32 alphanumerics', async () => {
      const fake = await server('llamacpp');
      fake.script('chat', { toolCalls: [READ] });
      const parts = toolCallParts((await raw(fake, { tools: TOOLS })).chunks);
      assert.match(String(parts[0].id), /^[A-Za-z0-9]{32}$/);
    });
  });

  describe('vllm', () => {
    it('streams reasoning as delta.reasoning and tool calls with chatcmpl-tool- ids', async () => {
      const fake = await server('vllm');
      fake.script('chat', { reasoning: 'r', toolCalls: [READ] });
      const r = await raw(fake, { tools: TOOLS });
      assert.equal(deltaField(r.chunks, 'reasoning'), 'r');
      assert.match(String(toolCallParts(r.chunks)[0].id), /^chatcmpl-tool-[0-9a-f]{32}$/);
      assert.deepEqual(finishReasons(r.chunks), ['tool_calls']);
    });

    it('says stop, not tool_calls, after a call forced by a named tool_choice (never rely on finish_reason alone)', async () => {
      const fake = await server('vllm');
      fake.script('chat', { toolCalls: [READ] }, { toolCalls: [READ] });
      const r = await raw(fake, { tools: TOOLS, tool_choice: { type: 'function', function: { name: 'read_file' } } });
      assert.equal(toolCallParts(r.chunks).length > 0, true);
      assert.deepEqual(finishReasons(r.chunks), ['stop']);
      const json = await clientOf(fake).chat.completions.create({ model: fake.models[0], messages: [{ role: 'user', content: 'x' }], tools: TOOLS, tool_choice: { type: 'function', function: { name: 'read_file' } } });
      assert.equal(json.choices[0].finish_reason, 'stop');
      assert.equal(json.choices[0].message.tool_calls?.length, 1);
    });

    it('adds prompt_token_ids and token_ids when the request sets return_token_ids', async () => {
      const fake = await server('vllm');
      fake.script('chat', { text: ['Hello ', 'world'] }, { text: 'x' });
      const r = await raw(fake, { return_token_ids: true });
      assert.ok(Array.isArray(r.chunks[0].prompt_token_ids));
      assert.ok(r.chunks.every((c) => (c.choices as Json[]).every((ch) => Array.isArray(ch.token_ids))));
      const plain = await raw(fake);
      assert.ok(plain.chunks.every((c) => !('prompt_token_ids' in c)));
    });
  });

  describe('openrouter', () => {
    it('sends ": OPENROUTER PROCESSING" comment lines before and between frames', async () => {
      const fake = await server('openrouter');
      fake.script('chat', { text: ['a', 'b', 'c'] });
      const r = await raw(fake);
      assert.equal(r.blocks[0], ': OPENROUTER PROCESSING');
      assert.ok(r.blocks.slice(1).some((b) => b === ': OPENROUTER PROCESSING'), 'also between frames');
      assert.deepEqual(r.comments, ['OPENROUTER PROCESSING', 'OPENROUTER PROCESSING']);
      assert.equal(deltaField(r.chunks, 'content'), 'abc');
    });

    it('always ends with usage carrying a cost (no stream_options needed), and native_finish_reason beside finish_reason', async () => {
      const fake = await server('openrouter');
      fake.script('chat', { reasoning: 'think', text: 'Hi' });
      const chunks = await streamChunks(fake);
      const last = chunks.at(-1)!;
      assert.deepEqual(last.choices, []);
      assert.equal(typeof (last.usage as unknown as Json).cost, 'number');
      const finishing = chunks.find((c) => c.choices[0]?.finish_reason);
      assert.equal((finishing!.choices[0] as unknown as Json).native_finish_reason, 'stop');
      assert.ok(chunks.every((c) => c.choices.every((ch) => ch.delta.role === 'assistant')), 'the role on every delta');
      assert.equal(chunks.map((c) => (c.choices[0]?.delta as Json | undefined)?.reasoning ?? '').join(''), 'think');
    });
  });

  describe('groq', () => {
    it('puts the reasoning in <think> tags in the content and sends tool calls whole, all in one chunk', async () => {
      const fake = await server('groq');
      fake.script('chat', { reasoning: 'Plan.', text: 'Go.' }, { toolCalls: [READ, { name: 'list_files', arguments: {} }] });
      const r = await raw(fake);
      assert.equal(deltaField(r.chunks, 'content'), '<think>\nPlan.\n</think>\n\nGo.');
      assert.ok('x_groq' in r.chunks[0]);
      const t = await raw(fake, { tools: TOOLS });
      const withCalls = t.chunks.filter((c) => ((c.choices as Json[])[0].delta as Json).tool_calls);
      assert.equal(withCalls.length, 1);
      const calls = ((withCalls[0].choices as Json[])[0].delta as Json).tool_calls as Json[];
      assert.deepEqual(calls.map((c) => [c.index, (c.function as Json).name, (c.function as Json).arguments]), [[0, 'read_file', READ_ARGS], [1, 'list_files', '{}']]);
      assert.deepEqual(finishReasons(t.chunks), ['tool_calls']);
    });
  });

  describe('deepseek', () => {
    it('streams reasoning as delta.reasoning_content, after a ": keep-alive" comment', async () => {
      const fake = await server('deepseek');
      fake.script('chat', { reasoning: ['Why', '?'], text: 'Because.' });
      const r = await raw(fake);
      assert.equal(r.blocks[0], ': keep-alive');
      assert.equal(deltaField(r.chunks, 'reasoning_content'), 'Why?');
      assert.equal(deltaField(r.chunks, 'content'), 'Because.');
      const chunks = await (async () => { fake.script('chat', { reasoning: 'x', text: 'y' }); return streamChunks(fake); })();
      assert.equal(contentOf(chunks), 'y');
    });
  });

  describe('mistral', () => {
    it('sends tool calls whole with 9-character alphanumeric ids, the finish reason and usage on the same chunk', async () => {
      const fake = await server('mistral');
      fake.script('chat', { toolCalls: [READ], reasoning: 'not sent' });
      const r = await raw(fake, { tools: TOOLS });
      const withCalls = r.chunks.filter((c) => ((c.choices as Json[])[0].delta as Json).tool_calls);
      assert.equal(withCalls.length, 1);
      const choice = (withCalls[0].choices as Json[])[0];
      const call = ((choice.delta as Json).tool_calls as Json[])[0];
      assert.match(String(call.id), /^[A-Za-z0-9]{9}$/);
      assert.equal((call.function as Json).arguments, READ_ARGS);
      assert.equal(choice.finish_reason, 'tool_calls');
      assert.equal(typeof (withCalls[0].usage as Json).total_tokens, 'number');
      assert.equal(deltaField(r.chunks, 'reasoning'), '');
    });
  });

  describe('gemini', () => {
    it('sends tool call deltas without index and says stop after them; its JSON body says tool_calls', async () => {
      const fake = await server('gemini');
      fake.script('chat', { toolCalls: [READ, { name: 'list_files', arguments: {} }] }, { toolCalls: [READ] });
      const r = await raw(fake, { tools: TOOLS });
      const parts = toolCallParts(r.chunks);
      assert.equal(parts.length, 2);
      assert.ok(parts.every((p) => !('index' in p)));
      assert.match(String(parts[0].id), /^function-call-\d+$/);
      assert.deepEqual(finishReasons(r.chunks), ['stop']);
      const json = await clientOf(fake).chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }], tools: TOOLS });
      assert.equal(json.choices[0].finish_reason, 'tool_calls');
    });

    it('leaves out a null finish_reason and puts the finish on the last delta', async () => {
      const fake = await server('gemini');
      fake.script('chat', { text: ['a', 'b'] });
      const r = await raw(fake);
      const choices = r.chunks.map((c) => (c.choices as Json[])[0]);
      assert.ok(!('finish_reason' in choices[0]));
      assert.deepEqual(choices[1], { index: 0, delta: { role: 'assistant', content: 'b' }, finish_reason: 'stop' });
    });
  });

  describe('azure', () => {
    it('starts with choices: [] and prompt_filter_results, puts content_filter_results on choices, and sends a filter chunk without delta', async () => {
      const fake = await server('azure');
      fake.script('chat', { text: ['Hi ', 'there'] });
      const r = await raw(fake);
      const first = r.chunks[0];
      assert.deepEqual(first.choices, []);
      assert.ok(Array.isArray(first.prompt_filter_results));
      const content = r.chunks.filter((c) => typeof (((c.choices as Json[])[0]?.delta as Json | undefined)?.content) === 'string' && (((c.choices as Json[])[0].delta as Json).content as string) !== '');
      assert.ok(content.every((c) => ((c.choices as Json[])[0].content_filter_results as Json).hate));
      const noDelta = r.chunks.filter((c) => (c.choices as Json[]).some((ch) => !('delta' in ch)));
      assert.equal(noDelta.length, 1);
      assert.ok('content_filter_results' in (noDelta[0].choices as Json[])[0]);
      assert.equal(deltaField(r.chunks, 'content'), 'Hi there');
      assert.ok(r.done);
    });

    it('the SDK reads the Azure stream (the empty first chunk, the chunk without delta)', async () => {
      const fake = await server('azure');
      fake.script('chat', { text: ['x', 'y'] });
      const chunks = await streamChunks(fake);
      assert.equal(contentOf(chunks), 'xy');
    });
  });

  describe('every flavour', () => {
    it('text through the SDK, with every chunk valid against the spec (after each flavour\'s known omissions)', async () => {
      for (const flavour of FLAVOURS) {
        const fake = await server(flavour);
        fake.script('chat', { text: ['Hello ', 'world'] }, { toolCalls: [READ] });
        assert.equal(contentOf(await streamChunks(fake, { stream_options: { include_usage: true } })), 'Hello world', flavour);
        const r = await raw(fake, { tools: TOOLS });
        const args = toolCallParts(r.chunks).map((p) => (p.function as Json | undefined)?.arguments ?? '').join('');
        assert.equal(args, READ_ARGS, flavour);
        assert.deepEqual(fake.violations, [], flavour);
      }
    });

    it('noFinishReason: the stream ends without any finish reason', async () => {
      for (const flavour of FLAVOURS) {
        const fake = await server(flavour);
        fake.script('chat', { text: ['a', 'b'], noFinishReason: true }, { toolCalls: [READ], noFinishReason: true });
        const r = await raw(fake);
        assert.deepEqual(finishReasons(r.chunks), [], flavour);
        assert.equal(deltaField(r.chunks, 'content'), 'ab', flavour);
        assert.deepEqual(finishReasons((await raw(fake, { tools: TOOLS })).chunks), [], flavour);
      }
    });

    it('usage only with stream_options.include_usage (OpenRouter and Mistral send it anyway)', async () => {
      for (const flavour of FLAVOURS) {
        const fake = await server(flavour);
        fake.script('chat', { text: 'a' }, { text: 'b' });
        const without = await raw(fake);
        const hasUsage = without.chunks.some((c) => c.usage);
        assert.equal(hasUsage, flavour === 'openrouter' || flavour === 'mistral', flavour);
        const withUsage = await raw(fake, { stream_options: { include_usage: true } });
        assert.ok(withUsage.chunks.some((c) => c.usage && typeof (c.usage as Json).total_tokens === 'number'), flavour);
      }
    });

    it('answers stream: false as JSON, with the tool calls, and the reasoning where the flavour puts it', async () => {
      const expected: Partial<Record<Flavour, (m: Json) => unknown>> = {
        ollama: (m) => m.reasoning, vllm: (m) => m.reasoning, lmstudio: (m) => m.reasoning, openrouter: (m) => m.reasoning,
        llamacpp: (m) => m.reasoning_content, deepseek: (m) => m.reasoning_content,
      };
      for (const flavour of FLAVOURS) {
        const fake = await server(flavour);
        fake.script('chat', { reasoning: 'why', text: 'Answer.' }, { toolCalls: [READ] });
        const c = await clientOf(fake).chat.completions.create({ model: fake.models[0], messages: [{ role: 'user', content: 'x' }] });
        const message = c.choices[0].message as unknown as Json;
        assert.equal(c.choices[0].finish_reason, 'stop', flavour);
        if (flavour === 'groq') assert.equal(message.content, '<think>\nwhy\n</think>\n\nAnswer.');
        else assert.equal(message.content, 'Answer.', flavour);
        const reasoning = expected[flavour];
        if (reasoning) assert.equal(reasoning(message), 'why', flavour);
        const t = await clientOf(fake).chat.completions.create({ model: fake.models[0], messages: [{ role: 'user', content: 'x' }], tools: TOOLS });
        assert.equal(t.choices[0].finish_reason, 'tool_calls', flavour);
        const call = t.choices[0].message.tool_calls?.[0];
        assert.ok(call && call.type === 'function' && call.function.name === 'read_file' && call.function.arguments === READ_ARGS, flavour);
        assert.deepEqual(fake.violations, [], flavour);
      }
    });

    it('streams faults as before: a dropped connection, a malformed frame', async () => {
      for (const flavour of ['ollama', 'llamacpp', 'openrouter'] as const) {
        const fake = await server(flavour);
        fake.script('chat', { text: ['a', 'b', 'c'], dropAfterFrames: 2 }, { text: ['a', 'b', 'c'], malformedFrameAfter: 2 });
        await assert.rejects(streamChunks(fake), flavour);
        await assert.rejects(streamChunks(fake), flavour);
      }
    });

    it('a scripted error comes in the flavour\'s error shape, with its headers', async () => {
      const shapes: Partial<Record<Flavour, unknown>> = {
        ollama: { error: { message: 'busy', type: 'api_error', param: null, code: null } },
        vllm: { error: { message: 'busy', type: 'InternalServerError', param: null, code: 503 } },
        llamacpp: { error: { code: 503, message: 'busy', type: 'unavailable_error' } },
        openrouter: { error: { message: 'busy', code: 503 } },
        gemini: [{ error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } }],
        mistral: { object: 'error', message: 'busy', type: 'server_error', param: null, code: null },
      };
      for (const [flavour, body] of Object.entries(shapes) as [Flavour, unknown][]) {
        const fake = await server(flavour);
        fake.script('chat', { error: { status: 503, message: 'busy', headers: { 'retry-after': '2' } } });
        const r = await fetch(`${fake.url}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify({ model: fake.models[0], messages: [{ role: 'user', content: 'x' }] }) });
        assert.equal(r.status, 503, flavour);
        assert.equal(r.headers.get('retry-after'), '2', flavour);
        assert.deepEqual(await r.json(), body, flavour);
      }
    });

    it('reasoning is ignored where the chat endpoint sends none (openai, azure, gemini, mistral)', async () => {
      for (const flavour of ['openai', 'azure', 'gemini', 'mistral'] as const) {
        const fake = await server(flavour);
        fake.script('chat', { reasoning: 'secret', text: 'shown' });
        const r = await raw(fake);
        assert.ok(!r.text.includes('secret'), flavour);
      }
    });
  });

  it('finishReason overrides what the flavour would say', async () => {
    const fake = await server('ollama');
    const reply: ScriptedReply = { toolCalls: [READ], finishReason: 'stop' };
    fake.script('chat', reply);
    assert.deepEqual(finishReasons((await raw(fake, { tools: TOOLS })).chunks), ['stop']);
  });
});
