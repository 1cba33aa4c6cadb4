// H11: the question and its attachments fit a token budget before sending; what is left out goes
// in a set order and the user is told. H4: a context-length 400 retries once with less context.
import assert from 'node:assert/strict';
import { estimateMessageTokens, fitToBudget } from '../../src/core/context-budget';
import type { AssistantEvent } from '../../src/core/assistant';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import type { Attachment } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';
import { conversationOf } from '../../src/core/threads/server-state';

const KEY = 'sk-test-context-budget';
const body = (n: number, ch = 'x') => `${ch.repeat(79)}\n`.repeat(Math.ceil(n / 80)).slice(0, n);
const selection: Attachment = { kind: 'selection', path: 'src/main.ts', languageId: 'typescript', range: { startLine: 1, endLine: 100 }, text: body(4_000, 's') };
const visible: Attachment = { kind: 'file', path: 'src/visible.ts', languageId: 'typescript', text: body(4_000, 'v'), source: 'visible-editor' };
const tab1: Attachment = { kind: 'file', path: 'src/tab1.ts', languageId: 'typescript', text: body(4_000, 't'), source: 'open-tab' };
const tab2: Attachment = { kind: 'file', path: 'src/tab2.ts', languageId: 'typescript', text: body(4_000, 'u'), source: 'open-tab' };
const diagnostics: Attachment = { kind: 'diagnostics', path: 'src/main.ts', languageId: 'plaintext', text: body(2_000, 'd') };
const all = [selection, diagnostics, visible, tab1, tab2];
const Q = 'What does this do?';
/** The budget that fits the question and exactly these attachments. */
const fits = (attachments: Attachment[]) => estimateMessageTokens(Q, attachments);

describe('H11 context budget', () => {
  it('H11 leaves out open tabs first (later ones first), then visible editors, then diagnostics', () => {
    const steps = [
      [selection, diagnostics, visible, tab1],
      [selection, diagnostics, visible],
      [selection, diagnostics],
      [selection],
    ];
    for (const expected of steps) {
      const fitted = fitToBudget(Q, all, fits(expected));
      assert.deepEqual(fitted.attachments.map((a) => a.path + a.kind), expected.map((a) => a.path + a.kind));
      assert.deepEqual(fitted.shortened, []);
    }
    assert.deepEqual(fitToBudget(Q, all, fits([selection])).leftOut, ['src/tab2.ts', 'src/tab1.ts', 'src/visible.ts', 'src/main.ts']);
    assert.deepEqual(fitToBudget(Q, all, fits(all)).leftOut, [], 'within budget: nothing changes');
  });

  it('H11 never leaves out the selection: cuts it, with a marker, as a last resort', () => {
    const budget = fits([]) + 500;
    const fitted = fitToBudget(Q, all, budget);
    assert.equal(fitted.attachments.length, 1);
    const [cut] = fitted.attachments;
    assert.equal(cut.kind, 'selection');
    assert.ok(cut.text.length < selection.text.length);
    assert.match(cut.text, /\[truncated: [\d,]+ more characters not sent\]$/);
    assert.deepEqual(fitted.shortened, ['src/main.ts:1-100']);
    assert.ok(estimateMessageTokens(Q, fitted.attachments) <= budget, 'fits after cutting');
  });

  describe('through the fake server', () => {
    let fake: FakeOpenAI;
    let events: AssistantEvent[];
    before(async () => {
      fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
    });
    after(() => fake.close());
    beforeEach(() => {
      fake.reset();
      events = [];
    });
    afterEach(function () {
      if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, []);
    });

    const make = async (maxContextTokens?: number) => {
      const store = new MemoryThreadStore();
      const assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: 10_000, maxContextTokens }));
      assistant.onEvent((e) => events.push(structuredClone(e)));
      await assistant.load();
      return assistant;
    };
    const sentTexts = () =>
      fake.requests
        .filter((r) => r.method === 'POST' && r.path === '/v1/responses')
        .map((r) => (r.body as { input: { content: { text: string }[] }[] }).input[0].content.map((c) => c.text).join('\n'));
    const notices = () => events.flatMap((e) => (e.type === 'notice' ? [e.text] : []));
    const contextLength = { error: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', param: 'input', message: 'This model\'s maximum context length is 8192 tokens.' } };

    it('H11 over budget: the open tabs are not sent, the turn shows what was, and the user is told', async () => {
      const assistant = await make(fits([selection, diagnostics, visible]));
      const turn = await assistant.ask({ kind: 'ask', question: Q, attachments: all });
      assert.equal(turn.status, 'completed');
      const [sent] = sentTexts();
      assert.ok(sent.includes('src/visible.ts') && !sent.includes('src/tab1.ts') && !sent.includes('src/tab2.ts'));
      assert.deepEqual(turn.attachments.map((a) => a.path), ['src/main.ts', 'src/main.ts', 'src/visible.ts']);
      assert.ok(notices().some((n) => /^Left out to stay within the context budget of [\d,]+ tokens .*: src\/tab2\.ts, src\/tab1\.ts\.$/.test(n)), notices().join('\n'));
    });

    it('H4/H11 a context-length 400 is retried once with less context, and says so', async () => {
      fake.script('responses', contextLength, { text: ['fits now'] });
      const assistant = await make();
      const turn = await assistant.ask({ kind: 'ask', question: Q, attachments: all });
      assert.equal(turn.status, 'completed');
      assert.equal(turn.answer, 'fits now');
      const [first, second] = sentTexts();
      assert.ok(second.length <= first.length / 2 + 100, `${second.length} vs ${first.length}`);
      assert.ok(second.includes('src/main.ts'), 'the selection is still sent');
      assert.ok(notices().some((n) => /^Left out to stay within/.test(n)));
      const items = fake.conversation(conversationOf(assistant.currentThread) ?? '')?.items ?? [];
      assert.equal(items.length, 2, 'the question reached the conversation once (H12)');
    });

    it('H4/H11 a second context-length 400 fails with what to do, after exactly two requests', async () => {
      fake.script('responses', contextLength, contextLength);
      const assistant = await make();
      const turn = await assistant.ask({ kind: 'ask', question: Q, attachments: all });
      assert.equal(turn.status, 'failed');
      assert.equal(turn.error?.kind, 'context-length');
      assert.equal(turn.error?.code, 'context_length_exceeded');
      assert.match(turn.error?.message ?? '', /Select a smaller part of the code.*New Thread.*maxContextTokens/);
      assert.equal(sentTexts().length, 2);
    });

    it('H4/H11 a context-length 400 with nothing left to leave out fails at once', async () => {
      fake.script('responses', contextLength);
      const assistant = await make();
      const turn = await assistant.ask({ kind: 'ask', question: 'short', attachments: [] });
      assert.equal(turn.error?.kind, 'context-length');
      assert.equal(sentTexts().length, 1);
    });
  });
});
