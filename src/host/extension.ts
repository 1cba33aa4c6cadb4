// Activation: wires the core assistant to VS Code (commands, panel, secrets, settings, storage).
// Activated by its commands or by a panel to restore, never at start-up.
import * as vscode from 'vscode';
import { Assistant } from '../core/assistant';
import { shownEndpoint } from '../core/client';
import { sdkLoaded } from '../core/sdk/sdk';
import { needsApiKey, serverKey } from '../core/servers/address';
import { FileThreadStore } from '../core/threads/thread-store';
import { availableTools, runToolCall } from '../core/tools';
import { STATE_TURNS, type HostMessage, type PanelState } from '../shared/protocol';
import type { ThreadSummary, Turn } from '../shared/turn';
import { ApiKeys } from './api-key';
import { AskCommands } from './commands';
import { ProposalProvider } from './apply-diff';
import { userFolderOf, WriteGuard } from './edits/write-guard';
import { handlePanelMessage } from './panel-actions';
import { ThreadCommands } from './threads/thread-commands';
import { ContextPreview } from './context-preview';
import { VsCodeWorkspacePort } from './workspace-port';
import { attachToCodeInterpreter } from './code-interpreter/code-interpreter-commands';
import { registerCleanup } from './cleanup/cleanup-commands';
import { registerServerCommands } from './servers/server-commands';
import { registerFileSearch } from './file-search/file-search-commands';
import { loggerFor, scrubbedChannel } from './log';
import { backendOpener, servedModelLister } from './backends/open-backend';
import { backendLabel } from './backends/label';
import type { ServerMemory } from '../core/backends/server-memory';
import { GlobalStateServerMemory } from './backends/server-memory';
import { PANEL_VIEW_TYPE, PanelController } from './panel';
import { affectsSettings, ignoredWorkspaceSettings, readSettings } from './settings';
import { scrub } from '../core/secrets/scrub';

/** What the extension exports; the integration tests read the stored state through it. */
export interface WorkspaceAssistantApi {
  readonly storageDir: string;
  /** Where the log channel's file is written (the tests search it for what must never be logged). */
  readonly logDir: string;
  thread(): Promise<ThreadSummary>;
  transcript(): Promise<readonly Turn[]>;
  idle(): Promise<void>;
}

const isDemo = () => process.env.WORKSPACE_ASSISTANT_DEMO === '1';

function panelBackendLabel(memory: ServerMemory): string {
  const { baseUrl, model, api } = readSettings();
  const label = backendLabel(baseUrl, model, api, memory);
  if (!isDemo()) return label;
  // `npm run demo`: the answers are scripted, and the header must say so whatever server the fake plays.
  const playing = process.env.WORKSPACE_ASSISTANT_DEMO_SERVER || 'OpenAI';
  return `Demo backend (fake ${playing} server at ${baseUrl || 'its default address'}) · ${label.split(' · ').slice(1).join(' · ')}`;
}

export function activate(context: vscode.ExtensionContext): WorkspaceAssistantApi {
  const activateStart = performance.now();
  const channel = scrubbedChannel(vscode.window.createOutputChannel('Workspace Assistant', { log: true }));
  context.subscriptions.push(channel);
  const log = loggerFor(channel);
  const keys = new ApiKeys(context.secrets, channel);
  const storage = context.storageUri ?? vscode.Uri.joinPath(context.globalStorageUri, 'no-folder');
  const storageDir = storage.fsPath;

  const serverMemory = new GlobalStateServerMemory(context.globalState);
  const port = new VsCodeWorkspacePort();
  context.subscriptions.push(port);
  const fileSearch = registerFileSearch(context, { port, log, storageDir, memory: serverMemory, apiKey: () => keys.get(), baseUrl: () => readSettings().baseUrl });
  const assistant = new Assistant({
    store: new FileThreadStore(storageDir),
    log,
    profile: () => {
      const { model, baseUrl, instructions, temperature, idleTimeoutMs, maxContextTokens } = readSettings();
      return { model, instructions, temperature, idleTimeoutMs, maxContextTokens, endpoint: shownEndpoint(baseUrl), server: serverKey(baseUrl), requiresApiKey: needsApiKey(baseUrl) };
    },
    apiKey: () => keys.get(),
    openBackend: backendOpener(log, serverMemory),
    servedModels: servedModelLister(() => keys.get()),
    hostedTools: (thread) => {
      const settings = readSettings();
      const codeInterpreter = settings.codeInterpreter ? { fileIds: (thread.codeFiles ?? []).map((f) => f.fileId) } : undefined;
      const search = fileSearch.hostedTool(); // undefined when off, untrusted or nothing indexed
      return codeInterpreter || search ? { ...(codeInterpreter ? { codeInterpreter } : {}), ...(search ? { fileSearch: search } : {}) } : undefined;
    },
    tools: {
      // Read on every turn: granting trust or changing the setting takes effect without a reload (D2, G5).
      definitions: () => availableTools(vscode.workspace.isTrusted && readSettings().workspaceTools),
      run: (call, options) => runToolCall(call, port, { ...options, log }),
    },
  });
  const loaded = assistant.load().then(
    () => assistant,
    (err) => {
      channel.error(`could not load the saved thread: ${(err as Error).message}`);
      void vscode.window.showErrorMessage('Workspace Assistant could not load the saved thread; a new one was started. See the log for details.');
      return assistant.newThread().then(() => assistant);
    },
  );

  let lastEditor = vscode.window.activeTextEditor;
  const getAssistant = () => loaded;
  let threads: ThreadCommands | undefined = undefined;
  let asks: AskCommands | undefined = undefined;
  let preview: ContextPreview | undefined = undefined;
  const proposals = new ProposalProvider();
  // Every write for the panel or the model asks before a protected file, this VS Code's own User folder included.
  const writes = new WriteGuard([userFolderOf(context.globalStorageUri)].filter((u) => u !== undefined));
  const transcript = async () => (await loaded).transcript;
  const generated = { transcript, apiKey: () => keys.get(), post: (message: HostMessage) => panel.post(message), storage, log: channel, writes };
  const citations = { transcript, pathOfFile: (id: string) => fileSearch.pathOfFile(id) };
  const panel: PanelController = new PanelController(context.extensionUri, {
    log: channel,
    state: async (): Promise<PanelState> => {
      await loaded;
      const all = assistant.transcript;
      // A long thread's state carries its last turns; the panel asks for earlier ones as the reader scrolls up.
      const earlier = all.slice(0, Math.max(0, all.length - STATE_TURNS));
      const earlierTokens = earlier.reduce((sum, t) => sum + (t.usage?.totalTokens ?? 0), 0);
      return { thread: assistant.currentThread, turns: all.slice(earlier.length), earlierTurns: earlier.length, earlierTokens, backendLabel: panelBackendLabel(serverMemory), demo: isDemo(), hasApiKey: (await keys.has()) || !needsApiKey(readSettings().baseUrl), ignoredSettings: await ignoredWorkspaceSettings() };
    },
    handle: (message) =>
      void handlePanelMessage(message, { assistant: getAssistant, panel, keys, threads: threads!, asks: asks!, preview: preview!, files: generated, citations, proposals, log: channel, globalState: context.globalState, lastEditor: () => lastEditor, writes }).catch((err: unknown) => {
        channel.error(`panel action ${message.type} failed: ${(err as Error).message}`);
        void vscode.window.showErrorMessage(`Workspace Assistant: ${scrub((err as Error).message)}`);
      }),
    ready: () => preview?.schedule(true),
  });
  threads = new ThreadCommands(getAssistant, panel);
  asks = new AskCommands({ assistant: getAssistant, panel, keys, log: channel, lastEditor: () => lastEditor });
  preview = new ContextPreview(panel, asks, channel);

  context.subscriptions.push(
    panel,
    preview,
    fileSearch,
    registerCleanup(context, { assistant: getAssistant, fileSearch, log, storageDir, memory: serverMemory, apiKey: () => keys.get(), baseUrl: () => readSettings().baseUrl }),
    registerServerCommands({ keys, log: channel }),
    proposals.register(),
    ...asks.register(),
    ...threads.register(),
    vscode.commands.registerCommand('workspaceAssistant.attachToCodeInterpreter', (uri: unknown) =>
      attachToCodeInterpreter({ assistant: getAssistant, port, apiKey: () => keys.get(), log: channel, memory: serverMemory }, uri),
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (restored) => panel.attach(restored),
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor) lastEditor = editor;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e)) void panel.sendState();
    }),
    keys.onDidChange(() => void panel.sendState()),
    // Granting trust makes the workspace's settings count (D4): the header follows without a reload.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void panel.sendState()),
    serverMemory.onDidChange(() => void panel.sendState()),
    assistant.onEvent((event) => {
      // A sent turn changes what is unchanged since sent: the chips follow (sendState refreshes them too).
      if (event.type === 'thread') void panel.sendState();
      else if (event.type === 'turn') {
        panel.post({ type: 'turn', turn: event.turn });
        preview?.schedule();
      }
      else if (event.type === 'delta') panel.post({ type: 'delta', turnId: event.turnId, text: event.text });
      else if (event.type === 'reasoning') panel.post({ type: 'reasoning', turnId: event.turnId, text: event.text });
      else if (event.type === 'notice') panel.post({ type: 'notice', text: event.text });
    }),
  );
  suspend = () => assistant.suspend();

  // As VS Code counts it (Developer: Show Running Extensions): loading the code plus the activate
  // call; the wall time also holds VS Code's own preparation of the extension's context in between.
  const { __workspaceAssistantLoadStart: loadStart, __workspaceAssistantLoadEnd: loadEnd } = globalThis as { __workspaceAssistantLoadStart?: number; __workspaceAssistantLoadEnd?: number };
  if (loadStart !== undefined && loadEnd !== undefined) {
    const now = performance.now();
    channel.info(`activated in ${(loadEnd - loadStart + now - activateStart).toFixed(1)} ms (code loading ${(loadEnd - loadStart).toFixed(1)} + activate ${(now - activateStart).toFixed(1)}; ${(now - loadStart).toFixed(1)} ms wall time; SDK ${sdkLoaded() ? 'loaded' : 'not loaded yet'})`);
  }

  return {
    storageDir,
    logDir: context.logUri.fsPath,
    thread: async () => (await loaded).currentThread,
    transcript: async () => (await loaded).transcript,
    idle: async () => (await loaded).idle(),
  };
}

let suspend: (() => Promise<void>) | undefined;

/** VS Code awaits this on reload and shutdown: the streaming turn is saved, then cut. */
export function deactivate(): Promise<void> | undefined {
  return suspend?.();
}
