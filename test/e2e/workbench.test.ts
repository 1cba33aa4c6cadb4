// End-to-end: a real VS Code window (test/harness/vscode.js), driven like a user would.
// Run with `npm run test:e2e` (test/harness/run-e2e.js).
import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import type * as Harness from '../harness/vscode';

// This file runs from out/test/e2e/; the harness is plain JS that stays in test/harness/.
const REPO = path.resolve(__dirname, '..', '..', '..');
const { startVSCode, openFile, selectLines, runCommand, webviewFrame, screenshot }: typeof Harness =
  createRequire(__filename)(path.join(REPO, 'test', 'harness', 'vscode.js'));

describe('workbench (e2e)', function () {
  let vs: Harness.VSCode | undefined;
  let workspace: string;

  before(async function () {
    // A copy: the extension may write into the workspace.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-ws-'));
    fs.cpSync(path.join(REPO, 'sample-workspace'), workspace, { recursive: true });
    vs = await startVSCode({
      workspace,
      // WA_EXTENSION_PATH: lets the harness itself be checked against another extension.
      extensionDevelopmentPath: process.env.WA_EXTENSION_PATH || REPO,
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && vs) {
      await screenshot(vs.page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  });

  after(async function () {
    await vs?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('shows the panel for a selection in src/math.ts', async function () {
    const page = vs!.page;
    await openFile(page, 'src/math.ts');
    await selectLines(page, 'export function average', 'return total / values.length');
    await runCommand(page, 'Workspace Assistant: Show Panel');
    const panel = await webviewFrame(page, (text) => text.trim().length > 0);
    assert.ok(panel, 'the panel webview is shown');
    const file = await screenshot(page, 'workbench-show-panel');
    assert.ok(fs.statSync(file).size > 0);
  });
});
