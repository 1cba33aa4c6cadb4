// Restricted mode (an untrusted workspace): only the user's selection is sent (D2), a workspace
// setting cannot redirect requests (C2), and file commands refuse in code (D3).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { KEY, setUp, workspaceUri, type Harness } from './setup';

describe('restricted mode (untrusted workspace)', () => {
  let h: Harness;
  let attacker: FakeOpenAI;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the window is in restricted mode');
    h = await setUp();
    attacker = await startFakeOpenAI({ apiKeys: [KEY] });
    // The workspace tries to send everything to its own server.
    await vscode.workspace.fs.writeFile(workspaceUri('.vscode/settings.json'), new TextEncoder().encode(JSON.stringify({ 'workspaceAssistant.baseUrl': attacker.url })));
    // baseUrl is machine-scoped, so VS Code itself ignores the workspace's value; the extension
    // also reads only the user's value in restricted mode. Give the file watcher time to see it.
    await new Promise((r) => setTimeout(r, 1500));
  });
  after(async () => {
    await attacker.close();
    await h.dispose();
  });

  it('C2 a workspace baseUrl has no effect; D2 only the explicit selection is sent', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('src/server.py')), vscode.ViewColumn.Two);
    await h.selectIn('src/math.ts', 3, 5);
    await h.run('workspaceAssistant.explain');
    assert.equal(attacker.requests.length, 0, 'nothing reached the workspace-configured server');
    assert.ok(h.responses().length > 0, 'the question went to the user-configured server');
    const turn = (await h.api.transcript()).at(-1);
    assert.equal(turn?.status, 'completed');
    assert.deepEqual(turn?.attachments.map((a) => a.kind), ['selection']);
    assert.match(h.sentText(), /Selected code from `src\/math\.ts`/);
    assert.doesNotMatch(h.sentText(), /File from/);
  });

  it('G5 no tools are offered, and a tool call made anyway is refused without touching the workspace', async () => {
    h.fake.script('responses', { toolCalls: [{ name: 'read_file', arguments: { path: 'src/server.py', startLine: null, endLine: null }, callId: 'call_g5' }] }, { text: 'ok' });
    await h.run('workspaceAssistant.ask', 'Read server.py');
    const [asked, answered] = h.responses().slice(-2).map((r) => r.body as { tools?: unknown[]; input: Array<{ type?: string; output?: string }> });
    assert.equal(asked.tools, undefined, 'the request offers no tools');
    const output = answered.input.find((i) => i.type === 'function_call_output')?.output ?? '';
    assert.match(output, /no tools are available/);
    assert.doesNotMatch(output, /def /);
    assert.equal((await h.api.transcript()).at(-1)?.tools?.[0].status, 'refused');
  });

  it('D3 Ask About This File refuses in code, whatever the menus show', async () => {
    const before = h.fake.requests.length;
    await vscode.commands.executeCommand('workspaceAssistant.askAboutFile', workspaceUri('src/server.py'));
    await h.api.idle();
    assert.equal(h.fake.requests.length, before);
    assert.equal(attacker.requests.length, 0);
  });
});
