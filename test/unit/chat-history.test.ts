// The request a Chat Completions turn sends: the history in order, tool calls and their answers,
// trimming to the budget oldest first, and unchanged files sent again once their copy is trimmed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { buildHistory, trimNotice } from '../../src/core/backends/chat/history';
import { UNCHANGED_TEXT } from '../../src/core/attachments/collect';
import { CANCELLED_OUTPUT } from '../../src/core/tool-loop';
import { encodingOf, TokenCounters } from '../../src/core/tokens/count';
import type { Attachment, Turn } from '../../src/shared/turn';

const estimate = new TokenCounters().for('llama3.2');
let n = 0;
function turn(question: string, answer: string, extra: Partial<Turn> = {}): Turn {
  return { id: `turn_${n++}`, kind: 'ask', question, attachments: [], createdAt: n, answer, status: 'completed', ...extra };
}
const file = (path: string, text: string): Attachment => ({ kind: 'file', path, languageId: 'typescript', text });
const contentOf = (m: ChatCompletionMessageParam) => (typeof m.content === 'string' ? m.content : '');
const build = (turns: Turn[], maxTokens = 100_000, attachments: Attachment[] = [], question = 'Next?') =>
  buildHistory({ instructions: 'Be brief.', turns, question, attachments, rounds: [], maxTokens, counter: estimate });

describe('Chat Completions history', () => {
  it('system, then each earlier question and answer in order, then the new question', () => {
    const built = build([turn('Q1', 'A1'), turn('Q2', 'A2')]);
    assert.deepEqual(built.messages.map((m) => [m.role, contentOf(m)]), [
      ['system', 'Be brief.'], ['user', 'Q1'], ['assistant', 'A1'], ['user', 'Q2'], ['assistant', 'A2'], ['user', 'Next?'],
    ]);
    assert.equal(built.droppedTurns, 0);
  });

  it('a user message carries its attachments as it was sent', () => {
    const built = build([turn('Explain', 'It adds.', { attachments: [{ kind: 'selection', path: 'src/a.ts', languageId: 'typescript', range: { startLine: 1, endLine: 2 }, text: 'a + b' }] })]);
    assert.match(contentOf(built.messages[1]), /^Explain\n\nSelected code from `src\/a\.ts` \(typescript, lines 1-2\):\n```typescript\na \+ b\n```$/);
  });

  it('tool calls: an assistant message with tool_calls, one tool message per call id, then the answer', () => {
    const built = build([
      turn('What is in a.ts?', 'It exports f.', { tools: [
        { callId: 'call_server_1', name: 'read_file', arguments: '{"path":"a.ts"}', status: 'done', output: 'export const f = 1;' },
        { callId: 'call_server_2', name: 'list_files', arguments: '{}', status: 'running' },
      ] }),
    ]);
    const [, user, calls, out1, out2, answer] = built.messages;
    assert.equal(user.role, 'user');
    assert.ok(calls.role === 'assistant' && calls.tool_calls);
    const ids = calls.tool_calls.map((c) => c.id);
    assert.deepEqual(calls.tool_calls.map((c) => (c.type === 'function' ? c.function.name : '')), ['read_file', 'list_files']);
    // Replayed ids are new: 9 letters or digits (Mistral's rule), unique in the request.
    for (const id of ids) assert.match(id, /^[A-Za-z0-9]{9}$/);
    assert.notEqual(ids[0], ids[1]);
    assert.deepEqual([out1, out2].map((m) => m.role === 'tool' && [m.tool_call_id, m.content]), [[ids[0], 'export const f = 1;'], [ids[1], CANCELLED_OUTPUT]]);
    assert.deepEqual([answer.role, contentOf(answer)], ['assistant', 'It exports f.']);
  });

  it('failed turns and turns never answered are not in the history; stopped ones with text are', () => {
    const built = build([
      turn('failed', '', { status: 'failed' }),
      turn('stopped', 'part of an answer', { status: 'cancelled' }),
      turn('interrupted early', '', { status: 'interrupted' }),
    ]);
    assert.deepEqual(built.messages.map(contentOf), ['Be brief.', 'stopped', 'part of an answer', 'Next?']);
  });

  it('trims oldest first to the budget, and says so', () => {
    const turns = Array.from({ length: 10 }, (_, i) => turn(`Q${i} ${'x'.repeat(400)}`, `A${i} ${'y'.repeat(400)}`));
    const built = build(turns, 1_000);
    assert.ok(built.droppedTurns > 0 && built.keptTurns > 0, `kept ${built.keptTurns}, dropped ${built.droppedTurns}`);
    assert.ok(built.tokens <= 1_000, `${built.tokens} tokens`);
    const questions = built.messages.filter((m) => m.role === 'user').map((m) => contentOf(m).split(' ')[0]);
    assert.deepEqual(questions, [...turns.slice(built.droppedTurns).map((_, i) => `Q${built.droppedTurns + i}`), 'Next?'], 'the newest turns are kept, in order');
    const notice = trimNotice(built, 1_000, false);
    assert.match(notice ?? '', new RegExp(`does not see the ${built.droppedTurns} earlier turns .* 1,000 tokens \\(estimated\\)`));
    assert.equal(trimNotice(build(turns), 100_000, false), undefined, 'nothing said when nothing was left out');
  });

  it('a new question bigger than the budget is still sent, alone', () => {
    const built = build([turn('Q', 'A')], 10, [], 'z'.repeat(400));
    assert.equal(built.keptTurns, 0);
    assert.equal(built.messages.length, 2);
  });

  it('an unchanged file whose full copy is still in the history is not sent again', () => {
    const turns = [turn('Look', 'Ok', { attachments: [file('src/a.ts', 'const a = 1;')] })];
    const built = build(turns, 100_000, [file('src/a.ts', UNCHANGED_TEXT)]);
    assert.match(contentOf(built.messages.at(-1)!), /unchanged since it was last sent/);
    assert.deepEqual(built.resent, []);
  });

  it('an unchanged file whose full copy was trimmed away is sent again in full', () => {
    const big = 'const a = 1;\n'.repeat(200);
    const turns = [
      turn('Look', 'Ok', { attachments: [file('src/a.ts', big)] }),
      ...Array.from({ length: 5 }, (_, i) => turn(`Q${i} ${'q'.repeat(300)}`, `A${i} ${'a'.repeat(300)}`, { attachments: [file('src/a.ts', UNCHANGED_TEXT)] })),
    ];
    const built = build(turns, 1_400, [file('src/a.ts', UNCHANGED_TEXT)]);
    assert.ok(built.droppedTurns >= 1, 'the turn with the full copy is trimmed');
    assert.deepEqual(built.resent, ['src/a.ts']);
    const withCopy = built.messages.filter((m) => contentOf(m).includes(big));
    assert.equal(withCopy.length, 1, 'sent again exactly once, in the oldest message that refers to it');
    assert.ok(built.tokens <= 1_400 || built.keptTurns === 0, `${built.tokens} tokens`);
  });

  it('OpenAI models are counted with their real tokenizer, others estimated', () => {
    assert.equal(encodingOf('gpt-4.1-mini'), 'o200k_base');
    assert.equal(encodingOf('openai/gpt-4o'), 'o200k_base');
    assert.equal(encodingOf('gpt-4-turbo'), 'cl100k_base');
    assert.equal(encodingOf('llama3.2:latest'), undefined);
    const load = (name: string) => (createRequire(__filename)(`gpt-tokenizer/encoding/${name}`) as { countTokens: (t: string) => number }).countTokens;
    const counters = new TokenCounters(load);
    const exact = counters.for('gpt-4.1');
    assert.equal(exact.exact, true);
    assert.equal(exact.count('hello world'), 2);
    assert.equal(counters.for('qwen3:8b').exact, false);
    assert.equal(new TokenCounters(() => { throw new Error('no bundle'); }).for('gpt-4o').exact, false, 'a missing encoding falls back to the estimate');
  });
});
