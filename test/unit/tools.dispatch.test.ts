// runToolCall: every call gets one output and none throws (F5, F7), untrusted workspaces get no
// tools (D2, G5), approval where a tool asks for it (F3), and the output cap (F8).
import assert from 'node:assert/strict';
import { availableTools, MAX_TOOL_OUTPUT_CHARS, runToolCall, ToolUnavailableError, type ToolSpec } from '../../src/core/tools';
import { diskWorkspace, errorOf } from './tools.support';

type Ws = Awaited<ReturnType<typeof diskWorkspace>>;

/** A tool for the dispatcher's own behaviour: what it does is up to each test. */
function fakeTool(run: ToolSpec['run'], confirmation?: ToolSpec['confirmation']): ToolSpec {
  return {
    definition: { type: 'function', name: 'fake', description: 'test', strict: true, parameters: { type: 'object', properties: { path: { type: ['string', 'null'], description: 'p' } }, required: ['path'], additionalProperties: false } },
    run,
    confirmation,
  };
}

describe('tools: dispatcher', () => {
  let ws: Ws;
  beforeEach(async () => {
    ws = await diskWorkspace({ 'a.txt': 'hello\n' });
  });
  afterEach(() => ws.dispose());

  describe('F5 malformed calls get an error output, never a throw', () => {
    const cases: Array<[string, string, string, RegExp]> = [
      ['bad JSON', 'read_file', '{"path": "a.txt"', /not valid JSON/],
      ['a JSON array', 'read_file', '["a.txt"]', /must be a JSON object/],
      ['a JSON string', 'read_file', '"a.txt"', /must be a JSON object/],
      ['a missing required argument', 'read_file', '{"startLine": 1}', /"path" is required \(a string\)/],
      ['a wrong type', 'read_file', '{"path": 42}', /"path" must be a string, not 42/],
      ['a fractional line number', 'read_file', '{"path": "a.txt", "startLine": 1.5}', /"startLine" must be an integer or null/],
      ['a line number below 1', 'read_file', '{"path": "a.txt", "startLine": 0}', /"startLine" must be at least 1/],
      ['a boolean as a string', 'search_workspace', '{"query": "x", "isRegex": "true"}', /"isRegex" must be a boolean or null/],
      ['an unknown argument', 'read_file', '{"path": "a.txt", "encoding": "latin1"}', /unknown argument "encoding"; the arguments are: path, startLine, endLine/],
      ['an argument on a tool that takes none', 'get_selection', '{"x": 1}', /this tool takes no arguments/],
      ['an unknown tool', 'write_file', '{"path": "a.txt"}', /no tool named "write_file"; the tools are: read_file, list_files, search_workspace/],
      ['a prototype-polluting key', 'read_file', '{"path": "a.txt", "__proto__": {"x": 1}}', /unknown argument "__proto__"/],
    ];
    for (const [what, name, args, reason] of cases) {
      it(`F5 ${what}`, async () => {
        const r = await runToolCall({ name, arguments: args }, ws.port);
        assert.equal(r.ok, false);
        assert.match(errorOf(r.output), reason);
      });
    }

    it('F5 1 MB of arguments is refused without being parsed', async () => {
      const huge = JSON.stringify({ path: 'a'.repeat(1024 * 1024) });
      const r = await runToolCall({ name: 'read_file', arguments: huge }, ws.port);
      assert.match(errorOf(r.output), /1,048,58\d characters long; at most 16,384 are accepted/);
      assert.deepEqual(ws.port.calls, []);
    });

    it('F5 optional arguments may be null or missing; empty arguments mean none', async () => {
      assert.equal((await runToolCall({ name: 'read_file', arguments: '{"path":"a.txt"}' }, ws.port)).ok, true);
      assert.equal((await runToolCall({ name: 'get_selection', arguments: '' }, ws.port)).ok, true);
    });

    it('F5 a call with a non-string name or arguments still gets an output', async () => {
      const r = await runToolCall({ name: undefined as unknown as string, arguments: null as unknown as string }, ws.port);
      assert.equal(r.ok, false);
      assert.match(errorOf(r.output), /no tool named ""/);
    });
  });

  describe('D2/G5 untrusted workspaces', () => {
    it('G5 no tools are offered in an untrusted workspace', () => {
      assert.deepEqual(availableTools(false), []);
      assert.equal(availableTools(true).length, 6);
    });

    it('D2 the dispatcher refuses a call anyway, before reading anything', async () => {
      ws.port.trusted = false;
      for (const name of ['read_file', 'list_files', 'made_up']) {
        const r = await runToolCall({ name, arguments: '{"path":"a.txt"}' }, ws.port);
        assert.match(errorOf(r.output), /not available: the workspace is not trusted/);
      }
      assert.deepEqual(ws.port.calls, []);
    });
  });

  describe('F7 failures and time limits', () => {
    it('F7 a handler that throws becomes an error output naming only the error code', async () => {
      const boom = fakeTool(async () => {
        throw Object.assign(new Error("EACCES: permission denied, open '/home/alice/project/a.txt'"), { code: 'EACCES' });
      });
      const r = await runToolCall({ name: 'fake', arguments: '{"path":null}' }, ws.port, { tools: [boom] });
      assert.equal(r.ok, false);
      assert.equal(errorOf(r.output), 'the tool failed (EACCES)');
      assert.ok(!r.output.includes('/home/alice'), 'no absolute path leaves the machine');
    });

    it('F7 an expected unavailability is explained in its own words', async () => {
      ws.port.diffs = new ToolUnavailableError('Git is not available: the built-in Git extension is disabled.');
      const r = await runToolCall({ name: 'get_git_diff', arguments: '{"path":null}' }, ws.port);
      assert.equal(errorOf(r.output), 'Git is not available: the built-in Git extension is disabled.');
    });

    it('F7 a handler that hangs is stopped at the time limit and its signal aborted', async () => {
      let seen: AbortSignal | undefined;
      const hang = fakeTool((_args, { signal }) => {
        seen = signal;
        return new Promise(() => undefined);
      });
      const started = Date.now();
      const r = await runToolCall({ name: 'fake', arguments: '{"path":null}' }, ws.port, { tools: [hang], timeLimitMs: 100 });
      assert.ok(Date.now() - started < 1_000);
      assert.equal(errorOf(r.output), 'the tool took longer than 0.1 s and was stopped');
      assert.equal(seen?.aborted, true, 'the handler was told to stop');
    });

    it('F7 a port that hangs (list_files) is stopped too', async () => {
      ws.port.listFiles = () => new Promise(() => undefined);
      const r = await runToolCall({ name: 'list_files', arguments: '{"glob":null}' }, ws.port, { timeLimitMs: 100 });
      assert.match(errorOf(r.output), /took longer than 0\.1 s/);
    });

    it('F7 stopping the turn cancels the call', async () => {
      const stop = new AbortController();
      const hang = fakeTool(() => new Promise(() => undefined));
      const pending = runToolCall({ name: 'fake', arguments: '{"path":null}' }, ws.port, { tools: [hang], signal: stop.signal });
      setTimeout(() => stop.abort(), 20);
      assert.equal(errorOf((await pending).output), 'the call was cancelled');
    });
  });

  describe('F3 approval', () => {
    const asking = (ran: string[]) =>
      fakeTool(
        async (args) => (ran.push(String(args.path)), { ok: true, output: 'done', summary: 'done' }),
        (args) => (args.path === 'ask' ? 'it touches something sensitive' : undefined),
      );

    it('F3 the built-in read-only tools run without asking', async () => {
      let asked = 0;
      const r = await runToolCall({ name: 'read_file', arguments: '{"path":"a.txt"}' }, ws.port, { confirm: async () => (asked++, true) });
      assert.equal(r.ok, true);
      assert.equal(asked, 0);
    });

    it('F3 a call a tool marks as sensitive asks with the full arguments, and runs only when approved', async () => {
      const ran: string[] = [];
      const requests: unknown[] = [];
      const approve = async (req: unknown) => (requests.push(req), true);
      const r = await runToolCall({ name: 'fake', arguments: '{"path":"ask"}' }, ws.port, { tools: [asking(ran)], confirm: approve });
      assert.equal(r.output, 'done');
      assert.deepEqual(requests, [{ tool: 'fake', arguments: { path: 'ask' }, reason: 'it touches something sensitive' }]);
      assert.deepEqual(ran, ['ask']);
    });

    it('F3 a declined call does not run and tells the model not to retry', async () => {
      const ran: string[] = [];
      const r = await runToolCall({ name: 'fake', arguments: '{"path":"ask"}' }, ws.port, { tools: [asking(ran)], confirm: async () => false });
      assert.match(errorOf(r.output), /the user declined this call; do not retry it/);
      assert.deepEqual(ran, []);
    });

    it('F3 without a way to ask, a sensitive call is refused', async () => {
      const ran: string[] = [];
      const r = await runToolCall({ name: 'fake', arguments: '{"path":"ask"}' }, ws.port, { tools: [asking(ran)] });
      assert.match(errorOf(r.output), /needs the user's approval/);
      assert.deepEqual(ran, []);
    });

    it('F3 the time the user takes to answer does not count against the time limit', async () => {
      const ran: string[] = [];
      const slowYes = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 150));
      const r = await runToolCall({ name: 'fake', arguments: '{"path":"ask"}' }, ws.port, { tools: [asking(ran)], confirm: slowYes, timeLimitMs: 50 });
      assert.equal(r.output, 'done');
    });
  });

  it('F8 the dispatcher caps and marks an output a tool forgot to cap', async () => {
    const chatty = fakeTool(async () => ({ ok: true, output: 'z'.repeat(100_000), summary: 'much' }));
    const r = await runToolCall({ name: 'fake', arguments: '{"path":null}' }, ws.port, { tools: [chatty] });
    assert.ok(r.output.length <= MAX_TOOL_OUTPUT_CHARS);
    assert.match(r.output, /\[truncated: [\d,]+ more characters not sent\]$/);
  });
});
