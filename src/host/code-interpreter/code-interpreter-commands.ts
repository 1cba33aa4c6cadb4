// Attach to Code Interpreter: the user picks a workspace file (explorer, editor title or palette),
// sees exactly what will be uploaded and confirms (F3); the file is uploaded and the thread's code
// interpreter container starts with it from the next question on ("plot monthly revenue from this CSV").
import type { ServerMemory } from '../../core/backends/server-memory';
import { hostedToolsOrExplain } from '../backends/hosted-tools';
import * as vscode from 'vscode';
import type { Assistant } from '../../core/assistant';
import { createClient } from '../../core/client';
import { needsApiKey } from '../../core/servers/address';
import { checkCodeFile, uploadCodeFile } from '../../core/code-interpreter/upload';
import { loadPathPolicy, type WorkspacePort } from '../../core/tools';
import { relativePath } from '../selection';
import { readSettings } from '../settings';
import { scrub } from '../../core/secrets/scrub';
import { refusalOfRealLocation } from '../../core/attachments';
import { resolveReal } from '../real-location';

export interface CodeInterpreterDeps {
  readonly assistant: () => Promise<Assistant>;
  readonly port: WorkspacePort;
  readonly apiKey: () => Promise<string | undefined>;
  readonly log: vscode.LogOutputChannel;
  readonly memory: ServerMemory;
}

async function pickFile(given: unknown): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  const picked = await vscode.window.showOpenDialog({
    title: 'Attach to Code Interpreter',
    openLabel: 'Attach',
    canSelectMany: false,
    defaultUri: active ?? vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

export async function attachToCodeInterpreter(deps: CodeInterpreterDeps, given: unknown): Promise<void> {
  if (!(await hostedToolsOrExplain(deps.memory, 'Attach to Code Interpreter'))) return;
  const uri = await pickFile(given);
  if (!uri) return;
  if (!vscode.workspace.getWorkspaceFolder(uri)) {
    void vscode.window.showWarningMessage('Workspace Assistant: only files of this workspace can be attached to the code interpreter.');
    return;
  }
  const path = relativePath(uri);
  // Judged, and then read, where it really is: a link to ~/.aws/credentials is not uploaded.
  const resolved = await resolveReal(uri);
  const policy = await loadPathPolicy(deps.port);
  if (resolved && 'outside' in resolved.real) {
    void vscode.window.showWarningMessage(`Workspace Assistant: ${path} is not uploaded: it links to a file outside the workspace.`);
    return;
  }
  const linked = resolved && refusalOfRealLocation(path, resolved.real, policy);
  if (linked) {
    void vscode.window.showWarningMessage(`Workspace Assistant: ${path} is not uploaded: ${linked}.`);
    return;
  }
  const source = resolved?.uri ?? uri;
  const stat = await vscode.workspace.fs.stat(source);
  const refusal = checkCodeFile(path, stat.size, policy, vscode.workspace.isTrusted);
  if (refusal) {
    void vscode.window.showWarningMessage(`Workspace Assistant: ${path} is not uploaded: ${refusal}.`);
    return;
  }
  const apiKey = await deps.apiKey();
  if (!apiKey && needsApiKey(readSettings().baseUrl)) {
    void vscode.window.showWarningMessage('Workspace Assistant: set an API key first (Workspace Assistant: Set API Key).');
    return;
  }
  const size = stat.size < 1024 ? `${stat.size} bytes` : `${(stat.size / 1024).toFixed(1)} KB`;
  const target = readSettings().baseUrl || 'OpenAI';
  const choice = await vscode.window.showWarningMessage(
    `Upload ${path} to ${target} for the code interpreter?`,
    { modal: true, detail: `${path} (${size}) is uploaded as it is, without redaction, and kept on the server until you delete it (Clean Up Remote Data). The code interpreter of this thread can then read it.` },
    'Upload',
  );
  if (choice !== 'Upload') return;
  try {
    const bytes = await vscode.workspace.fs.readFile(source);
    const fileId = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Uploading ${path}…`, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return uploadCodeFile(createClient({ apiKey, baseUrl: readSettings().baseUrl }), path, bytes, controller.signal);
    });
    await (await deps.assistant()).addCodeFile(fileId, path);
    deps.log.info(`attached ${path} to the code interpreter as ${fileId}`);
    void vscode.window.showInformationMessage(`Workspace Assistant: ${path} is attached; ask about it, e.g. "plot the monthly totals from ${path.split('/').pop()}".`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Workspace Assistant: could not upload ${path}: ${scrub((err as Error).message)}`);
  }
}
