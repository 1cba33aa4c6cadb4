// First integration test: proves the suite runs inside a real VS Code extension host and that
// the extension loads there with every command it contributes.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'workspace-assistant.workspace-assistant';
/** Every command package.json contributes: each must be registered once the extension is active. */
function contributedCommands(): string[] {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes?: { commands?: Array<{ command: string }> } } | undefined;
  return (manifest?.contributes?.commands ?? []).map((c) => c.command);
}

describe('smoke', () => {
  it('runs in a real VS Code (>= 1.101, the engines minimum)', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || (major === 1 && minor >= 101), `vscode.version is ${vscode.version}`);
    assert.strictEqual(typeof vscode.commands.executeCommand, 'function');
  });

  it('opens the sample workspace', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const files = await vscode.workspace.findFiles('src/math.ts');
    assert.strictEqual(files.length, 1, 'sample-workspace/src/math.ts not found');
  });

  it('has the extension and activates it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.ok(ext.isActive);
  });

  it('registers every contributed command', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const commands = contributedCommands();
    assert.ok(commands.length >= 15, `package.json contributes ${commands.length} commands`);
    const missing = commands.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });
});
