// What the Responses API really streams besides the happy path, written frame by frame (a small
// server here, since the fake only plays scripts): an `error` event whose body nests the error,
// `response.incomplete` after a message item that never got `output_item.done`, and output items the
// extension did not ask for (reasoning, web search, MCP, image generation), which must not cost text.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AskRequest } from '../../src/core/assistant';
import { isReasoningModel } from '../../src/core/backends/responses';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import { testAssistant } from './support';

const ask = (question: string): AskRequest => ({ kind: 'ask', question, attachments: [] });
type Frame = Record<string, unknown> & { type: string };

const response = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'resp_1', object: 'response', created_at: 1, status, model: 'gpt-5-mini', output: [], usage: null, error: null, incomplete_details: null, ...extra,
});
const sse = (frames: Frame[]) => frames.map((f, i) => `event: ${f.type}\ndata: ${JSON.stringify({ ...f, sequence_number: i })}\n\n`).join('');
const text = (delta: string): Frame => ({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 1, content_index: 0, delta, logprobs: [] });

describe('Responses streams as the API sends them', () => {
  let server: http.Server;
  let baseUrl: string;
  let frames: Frame[] = [];
  const bodies: Array<Record<string, unknown>> = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        if (req.url === '/v1/responses') bodies.push(JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>);
        if (req.url === '/v1/conversations') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'conv_1', object: 'conversation', created_at: 1, metadata: {} }));
        } else {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_stream' }).end(sse(frames));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = async (question: string) => {
    const assistant = testAssistant(() => ({ store: new MemoryThreadStore(), baseUrl, apiKey: 'sk-test-0123456789', idleTimeoutMs: 5_000, model: 'gpt-5-mini' }));
    await assistant.load();
    return assistant.ask(ask(question));
  };

  it('an error event nesting {error: {type, code, message}} before response.failed: the text so far stays, the error is shown', async () => {
    frames = [
      { type: 'response.created', response: response('in_progress') },
      text('Half an '),
      text('answer'),
      { type: 'error', code: null, message: null, param: null, error: { type: 'server_error', code: 'server_error', message: 'The model produced invalid content.' } },
      { type: 'response.failed', response: response('failed', { error: { code: 'server_error', message: 'The model produced invalid content.' } }) },
    ];
    const turn = await run('Will it fail?');
    assert.equal(turn.answer, 'Half an answer');
    assert.equal(turn.status, 'interrupted');
    assert.equal(turn.error?.kind, 'stream');
    assert.match(turn.error?.detail ?? '', /invalid content/);
  });

  it('response.incomplete after a message item that never got output_item.done: the text is kept, the reason shown', async () => {
    frames = [
      { type: 'response.created', response: response('in_progress') },
      { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
      text('The answer is cut'),
      { type: 'response.incomplete', response: response('incomplete', { incomplete_details: { reason: 'max_output_tokens' } }) },
    ];
    const turn = await run('A long one');
    assert.equal(turn.answer, 'The answer is cut');
    assert.equal(turn.status, 'incomplete');
    assert.match(turn.statusDetail ?? '', /output token limit/);
  });

  it('reasoning summaries stream to Thinking; web search, MCP and image generation items are ignored without losing text', async () => {
    frames = [
      { type: 'response.created', response: response('in_progress') },
      { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'Checking the loop.' },
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 1, part: { type: 'summary_text', text: '' } },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 1, delta: 'It starts at 1.' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Checking the loop.' }] } },
      { type: 'response.output_item.added', output_index: 1, item: { id: 'ws_1', type: 'web_search_call', status: 'in_progress' } },
      { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 1 },
      { type: 'response.output_item.done', output_index: 1, item: { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'loops' } } },
      { type: 'response.output_item.added', output_index: 2, item: { id: 'mcp_1', type: 'mcp_list_tools', server_label: 'x', tools: [] } },
      { type: 'response.mcp_list_tools.completed', item_id: 'mcp_1', output_index: 2 },
      { type: 'response.output_item.added', output_index: 3, item: { id: 'ig_1', type: 'image_generation_call', status: 'in_progress', result: null } },
      { type: 'response.image_generation_call.partial_image', item_id: 'ig_1', output_index: 3, partial_image_index: 0, partial_image_b64: 'AAAA' },
      text('Start '),
      text('at 0.'),
      { type: 'response.completed', response: response('completed', { usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 2 } } }) },
    ];
    const turn = await run('Why?');
    assert.equal(turn.status, 'completed', JSON.stringify(turn.error));
    assert.equal(turn.answer, 'Start at 0.');
    assert.equal(turn.reasoning, 'Checking the loop.\n\nIt starts at 1.');
    assert.equal(turn.usage?.totalTokens, 8);
    assert.equal(turn.codeRuns, undefined);
    assert.deepEqual(bodies.at(-1)?.reasoning, { summary: 'auto' }, 'a reasoning model is asked for its reasoning summary');
  });

  it('only reasoning models are sent the reasoning parameter (others refuse it)', () => {
    for (const m of ['o3', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'openai/gpt-5']) assert.equal(isReasoningModel(m), true, m);
    for (const m of ['gpt-4.1-mini', 'gpt-4o', 'llama3.2', 'gpt-test']) assert.equal(isReasoningModel(m), false, m);
  });
});
