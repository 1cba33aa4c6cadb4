// The Chat Completions stream normaliser against what real servers send (issue: "What real servers
// send"), one quirk a test. Chunks are written as the servers put them on the wire.
import assert from 'node:assert/strict';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { BackendEvent } from '../../src/core/backends/backend';
import { ChunkReader } from '../../src/core/backends/chat/chunk-reader';
import { ThinkTagSplitter } from '../../src/core/backends/chat/think-tags';

type Loose = Record<string, unknown>;
const chunk = (choices: Loose[], extra: Loose = {}): ChatCompletionChunk => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra }) as unknown as ChatCompletionChunk;
const delta = (d: Loose, finish: string | null = null, extra: Loose = {}) => chunk([{ index: 0, delta: d, finish_reason: finish, ...extra }]);

function readAll(chunks: ChatCompletionChunk[]): { events: BackendEvent[]; text: string; reasoning: string; calls: Extract<BackendEvent, { type: 'tool_call' }>[]; finished: Extract<BackendEvent, { type: 'finished' }> } {
  const reader = new ChunkReader('gen_');
  const events = chunks.flatMap((c) => reader.read(c));
  events.push(...reader.end().events);
  const text = events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
  const reasoning = events.flatMap((e) => (e.type === 'reasoning' ? [e.delta] : [])).join('');
  const calls = events.filter((e): e is Extract<BackendEvent, { type: 'tool_call' }> => e.type === 'tool_call');
  const finished = events.filter((e): e is Extract<BackendEvent, { type: 'finished' }> => e.type === 'finished');
  assert.equal(finished.length, 1, 'one terminal event');
  assert.equal(events.at(-1)?.type, 'finished', 'the terminal event comes last');
  return { events, text, reasoning, calls, finished: finished[0] };
}

describe('Chat Completions stream normaliser', () => {
  it('OpenAI: text deltas, tool call pieces by index, finish_reason tool_calls, usage chunk with choices []', () => {
    const r = readAll([
      delta({ role: 'assistant', content: '', refusal: null }, null, { logprobs: null }),
      delta({ content: 'Let me ' }, null, { obfuscation: 'x1' }),
      delta({ content: 'look.' }),
      delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'list_files', arguments: '{}' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"a.ts"}' } }] }),
      delta({}, 'tool_calls'),
      chunk([], { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }),
    ]);
    assert.equal(r.text, 'Let me look.');
    assert.deepEqual(r.calls.map((c) => [c.callId, c.name, c.arguments]), [['call_a', 'read_file', '{"path":"a.ts"}'], ['call_b', 'list_files', '{}']]);
    assert.equal(r.finished.status, 'completed');
    assert.deepEqual(r.events.find((e) => e.type === 'usage'), { type: 'usage', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } });
  });

  it('Gemini: tool-call deltas without index, two calls in one chunk, told apart by id', () => {
    const r = readAll([
      delta({ role: 'assistant', tool_calls: [
        { id: 'g1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' }, extra_content: { google: { thought_signature: 'sig==' } } },
        { id: 'g2', type: 'function', function: { name: 'read_file', arguments: '{"path":"b.ts"}' } },
      ] }),
      delta({}, 'tool_calls'),
    ]);
    assert.deepEqual(r.calls.map((c) => [c.callId, c.arguments]), [['g1', '{"path":"a.ts"}'], ['g2', '{"path":"b.ts"}']]);
    const reader = new ChunkReader();
    reader.read(delta({ tool_calls: [{ id: 'g1', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'sig==' } } }] }));
    assert.deepEqual(reader.end().read.toolCalls[0].extra, { extra_content: { google: { thought_signature: 'sig==' } } }, 'the thought signature is kept to be sent back');
  });

  it('Gemini: a call continued without index nor id goes to the last call', () => {
    const r = readAll([
      delta({ tool_calls: [{ id: 'g1', function: { name: 'search_workspace', arguments: '{"query":' } }] }),
      delta({ tool_calls: [{ function: { arguments: '"x"}' } }] }),
      delta({}, 'stop'),
    ]);
    assert.deepEqual(r.calls.map((c) => [c.callId, c.arguments]), [['g1', '{"query":"x"}']]);
  });

  it('Ollama: the tool call whole in one chunk, finish_reason in a chunk of its own', () => {
    const r = readAll([
      delta({ role: 'assistant', content: '', tool_calls: [{ id: 'call_x1', index: 0, type: 'function', function: { name: 'read_file', arguments: '{"path":"src/a.ts"}' } }] }),
      delta({ role: 'assistant', content: '' }, 'tool_calls'),
    ]);
    assert.deepEqual(r.calls.map((c) => [c.callId, c.name, c.arguments]), [['call_x1', 'read_file', '{"path":"src/a.ts"}']]);
  });

  it('finish_reason stop although tool calls were sent: the calls still count', () => {
    const r = readAll([delta({ tool_calls: [{ index: 0, id: 'chatcmpl-tool-1', type: 'function', function: { name: 'get_diagnostics', arguments: '{}' } }] }), delta({}, 'stop')]);
    assert.equal(r.calls.length, 1);
    assert.equal(r.finished.status, 'completed');
  });

  it('a server that sends arguments as an object, a name repeated in every delta, and calls without ids', () => {
    const r = readAll([
      delta({ tool_calls: [{ index: 0, function: { name: 'read_file', arguments: { path: 'a.ts' } } }] }),
      delta({ tool_calls: [{ index: 1, function: { name: 'list_files', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 1, function: { name: 'list_files', arguments: '{}' } }] }),
    ]);
    assert.deepEqual(r.calls.map((c) => [c.callId, c.name, c.arguments]), [['gen_0', 'read_file', '{"path":"a.ts"}'], ['gen_1', 'list_files', '{}']]);
  });

  it('a fragment that never got a name is not a call', () => {
    const r = readAll([delta({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }), delta({ content: 'done' }, 'stop')]);
    assert.equal(r.calls.length, 0);
    assert.equal(r.text, 'done');
  });

  it('Azure: a first chunk with choices [] and prompt_filter_results, content_filter_results chunks without delta', () => {
    const r = readAll([
      chunk([], { id: '', created: 0, model: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }] }),
      delta({ role: 'assistant', content: '' }, null, { content_filter_results: {} }),
      delta({ content: 'Hello' }, null, { content_filter_results: { hate: { filtered: false, severity: 'safe' } } }),
      chunk([{ index: 0, finish_reason: null, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }]),
      delta({}, 'stop', { content_filter_results: {} }),
    ]);
    assert.equal(r.text, 'Hello');
    assert.equal(r.finished.status, 'completed');
  });

  it('llama.cpp: a stream that ends without a finish reason (and without [DONE]) is complete', () => {
    const r = readAll([delta({ content: 'Hi' }), delta({ content: ' there' })]);
    assert.equal(r.text, 'Hi there');
    assert.equal(r.finished.status, 'completed');
  });

  it('finish_reason length and content_filter are incomplete with their reasons', () => {
    assert.deepEqual(readAll([delta({ content: 'a' }, 'length')]).finished, { type: 'finished', status: 'incomplete', reason: 'max_output_tokens' });
    assert.deepEqual(readAll([delta({ content: 'a' }, 'content_filter')]).finished, { type: 'finished', status: 'incomplete', reason: 'content_filter' });
  });

  it('OpenRouter: usage with a cost and native_finish_reason extras', () => {
    const r = readAll([
      delta({ content: 'x' }, null, { native_finish_reason: null }),
      chunk([{ index: 0, delta: { content: '' }, finish_reason: 'stop', native_finish_reason: 'STOP' }], { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4, cost: 0.00001 } }),
    ]);
    assert.equal(r.text, 'x');
    assert.deepEqual(r.events.find((e) => e.type === 'usage'), { type: 'usage', usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 } });
  });

  it('vLLM extras (prompt_token_ids, token_ids) are ignored', () => {
    const r = readAll([chunk([{ index: 0, delta: { content: 'ok' }, finish_reason: null, token_ids: [1, 2] }], { prompt_token_ids: [5, 6, 7] }), delta({}, 'stop')]);
    assert.equal(r.text, 'ok');
  });

  it('reasoning as delta.reasoning (Ollama, vLLM, LM Studio, OpenRouter) never becomes answer text', () => {
    const r = readAll([delta({ role: 'assistant', content: '', reasoning: 'Think' }), delta({ reasoning: 'ing.' }), delta({ content: 'Answer' }), delta({}, 'stop')]);
    assert.equal(r.reasoning, 'Thinking.');
    assert.equal(r.text, 'Answer');
  });

  it('reasoning_content (llama.cpp, DeepSeek) is kept under its name; a server sending both names is read once', () => {
    const reader = new ChunkReader();
    const events = [
      ...reader.read(delta({ reasoning_content: 'Step 1.', reasoning: 'Step 1.' })),
      ...reader.read(delta({ reasoning_content: ' Step 2.', reasoning: ' Step 2.' })),
      ...reader.read(delta({ content: 'Done' }, 'stop')),
    ];
    const end = reader.end();
    assert.equal(events.filter((e) => e.type === 'reasoning').map((e) => (e as { delta: string }).delta).join(''), 'Step 1. Step 2.');
    assert.equal(end.read.reasoningField, 'reasoning_content');
    assert.equal(end.read.reasoning, 'Step 1. Step 2.');
  });

  it('<think> at the start of the content (Groq, LM Studio), tags split across chunks', () => {
    const r = readAll([delta({ content: '<thi' }), delta({ content: 'nk>Let me ' }), delta({ content: 'see.</th' }), delta({ content: 'ink>\n\nThe answer' }), delta({ content: ' is 4.' }, 'stop')]);
    assert.equal(r.reasoning, 'Let me see.');
    assert.equal(r.text, 'The answer is 4.');
  });

  it('a <think> that does not open the content is answer text', () => {
    const r = readAll([delta({ content: 'Use a ' }), delta({ content: '<think> tag.' }, 'stop')]);
    assert.equal(r.text, 'Use a <think> tag.');
    assert.equal(r.reasoning, '');
  });

  it('an answer that starts like a tag but is not one loses nothing', () => {
    const r = readAll([delta({ content: '<' }), delta({ content: 'b>bold</b>' }, 'stop')]);
    assert.equal(r.text, '<b>bold</b>');
  });

  it('a refusal is shown as text', () => {
    assert.equal(readAll([delta({ refusal: "I can't help with that." }, 'stop')]).text, "I can't help with that.");
  });
});

describe('ThinkTagSplitter', () => {
  it('a stream cut inside the reasoning keeps what was held back as reasoning', () => {
    const s = new ThinkTagSplitter();
    const a = s.push('<think>abc</thi');
    const b = s.flush();
    assert.equal(a.reasoning + b.reasoning, 'abc</thi');
    assert.equal(a.text + b.text, '');
  });

  it('leading whitespace before the tag is allowed', () => {
    const s = new ThinkTagSplitter();
    const a = s.push('\n <think>r</think>t');
    assert.deepEqual(a, { text: 't', reasoning: 'r' });
  });

  it('a short answer that is a prefix of the tag is given back at the end', () => {
    const s = new ThinkTagSplitter();
    assert.deepEqual(s.push('<th'), { text: '', reasoning: '' });
    assert.deepEqual(s.flush(), { text: '<th', reasoning: '' });
  });
});
