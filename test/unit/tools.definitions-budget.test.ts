// The tool definitions against the Responses API's FunctionTool schema and strict mode, and the
// per-turn budget (F11).
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { availableTools, TOOL_DEFINITIONS, ToolBudget } from '../../src/core/tools';
import { validateSchema } from '../fake-openai/schemas';

describe('tools: definitions', function () {
  // Parsing the vendored 3 MB spec takes about a second.
  this.timeout(60_000);

  it('are FunctionTools as the official spec defines them', () => {
    for (const def of TOOL_DEFINITIONS) assert.deepEqual(validateSchema('FunctionTool', def), [], def.name);
  });

  it('follow strict mode: every property required, optionals nullable, no extra properties', () => {
    for (const def of TOOL_DEFINITIONS) {
      assert.equal(def.strict, true);
      assert.equal(def.parameters.additionalProperties, false, def.name);
      assert.deepEqual([...def.parameters.required].sort(), Object.keys(def.parameters.properties).sort(), def.name);
    }
    const optional = TOOL_DEFINITIONS.flatMap((d) => Object.entries(d.parameters.properties).filter(([, p]) => Array.isArray(p.type)).map(([k]) => `${d.name}.${k}`));
    assert.deepEqual(optional, ['read_file.startLine', 'read_file.endLine', 'list_files.glob', 'search_workspace.isRegex', 'search_workspace.glob', 'get_diagnostics.path', 'get_git_diff.path']);
  });

  it('are valid JSON schemas that accept what a strict-mode model sends', () => {
    const ajv = new Ajv({ strict: true });
    const valid = (name: string, args: unknown) => ajv.validate(TOOL_DEFINITIONS.find((d) => d.name === name)!.parameters, args);
    assert.ok(valid('read_file', { path: 'a.ts', startLine: null, endLine: 10 }));
    assert.ok(valid('search_workspace', { query: 'x', isRegex: true, glob: null }));
    assert.ok(valid('get_selection', {}));
    assert.ok(!valid('read_file', { path: 'a.ts', startLine: null }), 'every key is required');
    assert.ok(!valid('list_files', { glob: null, extra: 1 }), 'no extra keys');
  });

  it('tell the model the paths are workspace-relative', () => {
    for (const name of ['read_file', 'list_files', 'search_workspace', 'get_diagnostics', 'get_git_diff']) {
      assert.match(TOOL_DEFINITIONS.find((d) => d.name === name)!.description, /relative to the workspace/, name);
    }
  });

  it('G5 none are offered in an untrusted workspace', () => {
    assert.deepEqual(availableTools(false), []);
    assert.deepEqual(availableTools(true).map((d) => d.name), ['read_file', 'list_files', 'search_workspace', 'get_diagnostics', 'get_selection', 'get_git_diff']);
  });
});

describe('tools: per-turn budget (F11)', () => {
  it('F11 allows so many calls per turn, then says why not', () => {
    const budget = new ToolBudget({ maxCalls: 2 });
    for (let i = 0; i < 2; i++) {
      const d = budget.take();
      assert.equal(d.allowed, true);
      if (d.allowed) d.done();
    }
    const third = budget.take();
    assert.equal(third.allowed, false);
    if (!third.allowed) assert.match(JSON.parse(third.message).error, /limit of 2 tool calls per message is reached/);
    assert.equal(budget.callsMade, 2);
  });

  it('F11 charges tool time and stops when it is spent; the last call gets only what is left', () => {
    let now = 0;
    const budget = new ToolBudget({ maxTimeMs: 15_000, now: () => now });
    const first = budget.take();
    assert.ok(first.allowed);
    assert.equal(first.timeLimitMs, 10_000);
    now += 9_000;
    first.done();
    first.done(); // charged once only
    const second = budget.take();
    assert.ok(second.allowed);
    assert.equal(second.timeLimitMs, 6_000);
    now += 6_000;
    second.done();
    const third = budget.take();
    assert.equal(third.allowed, false);
    if (!third.allowed) assert.match(third.message, /used their 15 s for this message/);
  });
});
