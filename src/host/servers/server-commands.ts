// "Choose Server" and "Select Model": which OpenAI-compatible server questions go to, and which of
// its models answers. Both write user (Global) settings: `workspaceAssistant.baseUrl` is
// machine-scoped (a workspace cannot point it elsewhere, C2), and the model follows the server.
import * as vscode from 'vscode';
import type OpenAI from 'openai';
import { isSdkError } from '../../core/sdk/sdk';
import { createClient, endpointOf, shownEndpoint } from '../../core/client';
import { classifyError } from '../../core/errors';
import { hostLabel, isOpenAI, needsApiKey, serverKey, serverUrlProblem } from '../../core/servers/address';
import { discoverLocalServers, type DiscoveredServer } from '../../core/servers/discover';
import { listModels, type ServedModel } from '../../core/servers/models';
import type { ApiKeys } from '../api-key';
import { readSettings } from '../settings';

export interface ServerCommandDeps {
  readonly keys: ApiKeys;
  readonly log: vscode.LogOutputChannel;
}

const config = () => vscode.workspace.getConfiguration('workspaceAssistant');

/** Registers Choose Server and Select Model. */
export function registerServerCommands(deps: ServerCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('workspaceAssistant.selectServer', () => selectServer(deps)),
    vscode.commands.registerCommand('workspaceAssistant.selectModel', () => selectModel(deps)),
  );
}

/** "128K", "1M", "4096": token counts as people read them. */
export function formatTokens(n: number): string {
  if (n >= 1024 * 1000) return `${Number((n / (1024 * 1024)).toFixed(1))}M`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}K`;
  if (n >= 10_000) return `${Math.round(n / 1000)}K`;
  return String(n);
}

/** OpenAI lists every model it has (speech, images, embeddings…); only those that chat are offered. */
const OPENAI_NOT_CHAT = /embedding|tts|whisper|dall-e|moderation|transcribe|realtime|audio|image|sora|search|davinci|babbage|computer-use/i;

function chatModels(models: readonly ServedModel[], baseUrl: string): ServedModel[] {
  return models.filter((m) => !m.embedding && !(isOpenAI(baseUrl) && OPENAI_NOT_CHAT.test(m.id)));
}

/** A client for this server, after offering to set its key when it needs one and has none. */
async function clientFor(deps: ServerCommandDeps, baseUrl: string): Promise<OpenAI | undefined> {
  let apiKey = await deps.keys.get(baseUrl);
  if (!apiKey && needsApiKey(baseUrl)) {
    const host = hostLabel(baseUrl);
    const choice = await vscode.window.showWarningMessage(`Workspace Assistant: ${host} needs an API key.`, 'Set API Key');
    if (choice !== 'Set API Key' || !(await deps.keys.prompt(baseUrl))) return undefined;
    apiKey = await deps.keys.get(baseUrl);
    if (!apiKey) return undefined;
  }
  return createClient({ baseUrl, apiKey, maxRetries: 1, timeoutMs: 15_000 });
}

/** A listing failure in plain words, with what to do next; `again` repeats the command once after a new key. */
async function explainListing(err: unknown, deps: ServerCommandDeps, baseUrl: string, again?: () => Promise<void>): Promise<void> {
  const host = hostLabel(baseUrl);
  deps.log.warn(`listing the models of ${host} failed: ${(err as Error).name}${isSdkError(err, 'APIError') && err.status ? ` (${err.status})` : ''}`);
  if (isSdkError(err, 'AuthenticationError')) {
    const choice = await vscode.window.showErrorMessage(`Workspace Assistant: ${host} refused the API key (401).`, 'Set API Key');
    if (choice === 'Set API Key' && (await deps.keys.prompt(baseUrl)) && again) await again();
    return;
  }
  if (isSdkError(err, 'APIConnectionError')) {
    const choice = await vscode.window.showErrorMessage(`Workspace Assistant: could not reach ${shownEndpoint(baseUrl)}. Is the server running?`, 'Choose Server');
    if (choice) await vscode.commands.executeCommand('workspaceAssistant.selectServer');
    return;
  }
  if (isSdkError(err, 'NotFoundError')) {
    const choice = await vscode.window.showErrorMessage(`Workspace Assistant: ${host} does not list its models (404).`, 'Enter a Model Name');
    if (choice) await enterModelName(deps);
    return;
  }
  void vscode.window.showErrorMessage(`Workspace Assistant: could not list the models of ${host}. ${classifyError(err, endpointOf(baseUrl)).message}`);
}

interface ModelItem extends vscode.QuickPickItem {
  readonly modelId?: string;
  readonly enter?: boolean;
}

function modelItem(m: ServedModel, current: string): ModelItem {
  const facts: string[] = [];
  if (m.contextLength) facts.push(`${formatTokens(m.contextLength)} context`);
  if (m.loadedContextLength && m.loadedContextLength !== m.contextLength) facts.push(`loaded with ${formatTokens(m.loadedContextLength)}`);
  if (m.tools) facts.push('tools');
  if (m.id === current) facts.push('current');
  return { label: m.id, modelId: m.id, description: facts.join(' · ') || undefined, iconPath: m.id === current ? new vscode.ThemeIcon('check') : undefined };
}

async function writeModel(id: string): Promise<void> {
  await config().update('model', id, vscode.ConfigurationTarget.Global);
  const inspected = config().inspect<string>('model');
  const overriding = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (overriding !== undefined && overriding !== id) {
    void vscode.window.showWarningMessage(`Workspace Assistant: ${id} is now your model, but this workspace's settings choose ${overriding}, which wins here.`);
  } else {
    vscode.window.setStatusBarMessage(`Workspace Assistant: model ${id}`, 3000);
  }
}

async function enterModelName(deps: ServerCommandDeps): Promise<void> {
  const id = await vscode.window.showInputBox({
    title: 'Workspace Assistant: Model',
    prompt: 'The model name exactly as the server knows it',
    value: readSettings().model,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter a model name, or press Escape to cancel.'),
  });
  if (id?.trim()) {
    await writeModel(id.trim());
    deps.log.info('model set by name');
  }
}

/** Select Model: the served models in a quick pick (the current one marked); writes the user setting. */
export async function selectModel(deps: ServerCommandDeps, retried = false): Promise<void> {
  const { baseUrl, model: current } = readSettings();
  const host = hostLabel(baseUrl);
  const client = await clientFor(deps, baseUrl);
  if (!client) return;
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = `Select Model · ${host}`;
  pick.placeholder = `Looking up the models of ${host}…`;
  pick.matchOnDescription = true;
  pick.busy = true;
  const controller = new AbortController();
  let accepted: ModelItem | undefined;
  const done = new Promise<void>((resolve) => {
    pick.onDidAccept(() => {
      accepted = pick.selectedItems[0];
      if (accepted) pick.hide();
    });
    pick.onDidHide(() => {
      controller.abort();
      resolve();
    });
  });
  pick.show();
  try {
    let models: ServedModel[];
    try {
      models = await listModels(client, baseUrl, controller.signal);
    } catch (err) {
      if (controller.signal.aborted) return;
      pick.hide();
      await explainListing(err, deps, baseUrl, retried ? undefined : () => selectModel(deps, true));
      return;
    }
    const offered = chatModels(models, baseUrl);
    const items: ModelItem[] = offered.map((m) => modelItem(m, current));
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: 'Enter a model name…', enter: true, iconPath: new vscode.ThemeIcon('edit'), alwaysShow: true });
    pick.items = items;
    pick.activeItems = items.filter((i) => i.modelId === current);
    pick.placeholder = offered.length
      ? `${offered.length} model${offered.length === 1 ? '' : 's'} on ${host}${offered.some((m) => m.id === current) ? '' : ` (${current} is not among them)`}`
      : `${host} lists no models; enter a name`;
    pick.busy = false;
    await done;
    if (accepted?.enter) await enterModelName(deps);
    else if (accepted?.modelId) {
      await writeModel(accepted.modelId);
      deps.log.info(`model selected on ${host}`);
    }
  } finally {
    pick.dispose();
  }
}

interface ServerItem extends vscode.QuickPickItem {
  readonly baseUrl?: string;
  readonly modelIds?: readonly string[];
  readonly enter?: boolean;
}

function serverItems(found: readonly DiscoveredServer[], current: string): ServerItem[] {
  const currentKey = serverKey(current);
  const mark = (url: string) => (serverKey(url) === currentKey ? { iconPath: new vscode.ThemeIcon('check'), detail: 'current' } : {});
  const items: ServerItem[] = [{ label: 'OpenAI', description: 'https://api.openai.com/v1', baseUrl: '', ...mark('') }];
  if (found.length) items.push({ label: 'Running on this machine', kind: vscode.QuickPickItemKind.Separator });
  for (const s of found) {
    items.push({ label: s.name, description: s.baseUrl, detail: `${s.models} model${s.models === 1 ? '' : 's'}${serverKey(s.baseUrl) === currentKey ? ' · current' : ''}`, baseUrl: s.baseUrl, modelIds: s.modelIds, ...(serverKey(s.baseUrl) === currentKey ? { iconPath: new vscode.ThemeIcon('check') } : {}) });
  }
  if (!isOpenAI(current) && !found.some((s) => serverKey(s.baseUrl) === currentKey)) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: hostLabel(current), description: current, baseUrl: current, ...mark(current) });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: 'Enter a URL…', enter: true, iconPath: new vscode.ThemeIcon('edit'), alwaysShow: true });
  return items;
}

async function enterServerUrl(current: string): Promise<string | undefined> {
  const url = await vscode.window.showInputBox({
    title: 'Workspace Assistant: Server URL',
    prompt: 'The base URL of an OpenAI-compatible API, for example http://127.0.0.1:11434/v1 (Ollama) or https://openrouter.ai/api/v1',
    value: isOpenAI(current) ? '' : current,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const problem = serverUrlProblem(v);
      if (problem.error) return problem.error;
      return problem.warning ? { message: problem.warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  return url?.trim().replace(/\/+$/, '') || undefined;
}

/** Choose Server: OpenAI, a server found running here, or a URL; then its key and its model. */
export async function selectServer(deps: ServerCommandDeps): Promise<void> {
  const current = readSettings().baseUrl;
  const items = discoverLocalServers({ timeoutMs: 500 }).then((found) => serverItems(found, current));
  const chosen = await vscode.window.showQuickPick(items, { title: 'Workspace Assistant: Choose Server', placeHolder: 'Where questions go', matchOnDescription: true });
  if (!chosen) return;
  const baseUrl = chosen.enter ? await enterServerUrl(current) : chosen.baseUrl;
  if (baseUrl === undefined) return;
  const host = hostLabel(baseUrl);
  // Empty (the default) means OpenAI; the setting is machine-scoped, so the user's value is the one.
  await config().update('baseUrl', isOpenAI(baseUrl) ? undefined : baseUrl, vscode.ConfigurationTarget.Global);
  deps.log.info(`server set to ${host}`);

  if (needsApiKey(baseUrl) && !(await deps.keys.has(baseUrl))) {
    const choice = await vscode.window.showInformationMessage(`Workspace Assistant: questions now go to ${host}, which needs an API key.`, 'Set API Key');
    if (choice !== 'Set API Key' || !(await deps.keys.prompt(baseUrl))) return;
  }

  let served = chosen.modelIds;
  if (!served) {
    try {
      const client = await clientFor(deps, baseUrl);
      if (!client) return;
      const models = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Listing the models of ${host}` }, () => listModels(client, baseUrl));
      served = chatModels(models, baseUrl).map((m) => m.id);
    } catch (err) {
      deps.log.warn(`listing the models of ${host} failed: ${(err as Error).name}`);
      void vscode.window.showWarningMessage(`Workspace Assistant: questions now go to ${host}, but its models could not be listed. ${classifyError(err, endpointOf(baseUrl)).message}`);
      return;
    }
  }
  const { model } = readSettings();
  if (served.length && !served.includes(model)) {
    const choice = await vscode.window.showInformationMessage(`Workspace Assistant: questions now go to ${host}, which does not serve ${model}.`, 'Select Model');
    if (choice) await selectModel(deps);
  } else {
    vscode.window.setStatusBarMessage(`Workspace Assistant: ${host} · ${model}`, 4000);
  }
}
