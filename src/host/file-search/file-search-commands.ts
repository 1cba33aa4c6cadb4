// "Index Workspace Documents": uploads the workspace's documents to one vector store (asking first,
// with the list, F3), keeps it in step on every run, and offers file search on each turn.
import * as vscode from 'vscode';
import {
  applySync, CachedFileSearchState, DEFAULT_INCLUDE, fileSearchHostedTool, fileSearchTool, IndexUnavailableError, JsonFileSearchStateStore, pathsByFileId, planSync, scanDocuments,
  type FileSearchState, type SyncPlan, type SyncResult,
} from '../../core/file-search';
import { isAbort } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { WorkspacePort } from '../../core/tools';
import { hostedToolsOrExplain } from '../backends/hosted-tools';
import { clientOrExplain, endpoint, explain, listLines, signalFor, type RemoteDeps } from '../remote-client';
import { settingsOf } from '../settings';

export interface FileSearchDeps extends RemoteDeps {
  readonly port: WorkspacePort;
  readonly log: Logger;
  /** The workspace's extension storage (where the threads are): the index state is kept there. */
  readonly storageDir: string;
}

export interface FileSearchFeature extends vscode.Disposable {
  /** What the index runs and Clean Up Remote Data read and write. */
  readonly state: CachedFileSearchState;
  /** The tool for this turn's request, when enabled, trusted and a store holds documents. */
  tool(): { type: 'file_search'; vector_store_ids: string[] } | undefined;
  /** The same in the backends' `HostedTools.fileSearch` shape. */
  hostedTool(): { vectorStoreIds: string[] } | undefined;
  /** The workspace path a cited file was indexed from. */
  pathOfFile(fileId: string): string | undefined;
}

const config = () => settingsOf('workspaceAssistant.fileSearch');

function enabled(): boolean {
  // Not in an untrusted workspace: only the selection is sent there (D2), not searches of documents.
  return vscode.workspace.isTrusted && config()<boolean>('enabled', true) !== false;
}

function includeGlobs(): string[] {
  const globs = config()<unknown>('include', DEFAULT_INCLUDE);
  return Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [...DEFAULT_INCLUDE];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryOf(r: SyncResult): string {
  const parts = [`${r.uploaded} uploaded`, `${r.unchanged} unchanged`, `${r.removed} removed`, `${r.refused.length} refused`];
  if (r.failed.length) parts.push(`${r.failed.length} failed`);
  const notes: string[] = [];
  if (r.redacted) notes.push(`secrets were redacted in ${plural(r.redacted, 'document')}`);
  if (r.capped) notes.push('more files matched than the limit; only the first were indexed');
  if (r.newStore && r.uploaded) notes.push('a new vector store was made');
  const head = r.cancelled ? 'Indexing stopped' : 'Workspace documents indexed';
  return `${head}: ${parts.join(', ')}.${notes.length ? ` ${notes.join('; ')}.` : ''}`;
}

/** F3: uploading workspace files asks first, naming them. */
async function confirmUpload(plan: SyncPlan, deps: FileSearchDeps): Promise<boolean> {
  const detail = [
    `These files go to ${endpoint(deps)} so the assistant can search them (secrets are redacted first; the deny list and .assistantignore apply):`,
    listLines(plan.upload.map((d) => d.path)),
    plan.remove.length ? `\n${plural(plan.remove.length, 'indexed document')} no longer in the workspace or now excluded will be removed.` : '',
  ].join('\n');
  const choice = await vscode.window.showWarningMessage(`Upload ${plural(plan.upload.length, 'document')} for file search?`, { modal: true, detail }, 'Upload');
  return choice === 'Upload';
}

class IndexCommand {
  private running = false;

  constructor(
    private readonly deps: FileSearchDeps,
    private readonly state: CachedFileSearchState,
  ) {}

  async run(): Promise<void> {
    if (this.running) {
      void vscode.window.showInformationMessage('Workspace Assistant is already indexing the workspace documents.');
      return;
    }
    this.running = true;
    try {
      await this.index();
    } catch (err) {
      if (isAbort(err)) return;
      const message = err instanceof IndexUnavailableError ? err.message : explain(err, this.deps);
      this.deps.log.error(`indexing workspace documents failed: ${err instanceof Error ? err.name : 'error'}`);
      void vscode.window.showErrorMessage(`Workspace Assistant: could not index the workspace documents. ${message}`);
    } finally {
      this.running = false;
    }
  }

  private async index(): Promise<void> {
    if (!(await hostedToolsOrExplain(this.deps.memory, 'Index Workspace Documents (file search)'))) return;
    const client = await clientOrExplain(this.deps, 'index the workspace documents');
    if (!client) return;
    const title = 'Workspace Assistant: Index Workspace Documents';
    const prepared = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const bridge = signalFor(token);
      try {
        progress.report({ message: 'Finding documents…' });
        const state = await this.state.load();
        const scan = await scanDocuments(this.deps.port, includeGlobs(), {
          signal: bridge.signal,
          progress: ({ done, total }) => progress.report({ message: `Reading documents (${done}/${total})` }),
        });
        progress.report({ message: 'Comparing with the index…' });
        return { state, plan: await planSync(client, state, scan, bridge.signal) };
      } finally {
        bridge.dispose();
      }
    });
    const { state, plan } = prepared;
    for (const r of plan.scan.refused) this.deps.log.info(`file search: not indexed ${r.path}: ${r.reason}`);
    if (plan.upload.length === 0 && plan.remove.length === 0 && !(plan.newStore && plan.orphans.length)) {
      void vscode.window.showInformationMessage(`Workspace documents are up to date: ${plural(plan.unchanged, 'document')} indexed, ${plan.scan.refused.length} refused.`);
      return;
    }
    if (plan.upload.length > 0 && !(await confirmUpload(plan, this.deps))) return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const bridge = signalFor(token);
      let last = 0;
      try {
        return await applySync(plan, state, {
          client, store: this.state, signal: bridge.signal, log: this.deps.log,
          storeName: `Workspace Assistant: ${vscode.workspace.name ?? 'workspace'}`,
          progress: ({ phase, done, total }) => {
            const share = (done / Math.max(1, total)) * 100 * (phase === 'uploading' ? 0.9 : 0.1);
            progress.report({ message: `${phase === 'uploading' ? 'Uploading' : 'Removing'} (${done}/${total})`, increment: Math.max(0, share - last) });
            last = Math.max(last, share);
          },
        });
      } finally {
        bridge.dispose();
      }
    });
    for (const f of result.failed) this.deps.log.warn(`file search: the server refused ${f.path}: ${f.reason}`);
    const details = result.refused.length + result.failed.length > 0;
    const actions = details ? ['Show Log'] : [];
    const choice = result.failed.length ? await vscode.window.showWarningMessage(summaryOf(result), ...actions) : await vscode.window.showInformationMessage(summaryOf(result), ...actions);
    if (choice === 'Show Log') await vscode.commands.executeCommand('workspaceAssistant.showLog');
  }
}

/**
 * Registers "Index Workspace Documents" and loads the index state; the returned feature tells each
 * turn whether to offer file search. Dispose it with the extension.
 */
export function registerFileSearch(_context: vscode.ExtensionContext, deps: FileSearchDeps): FileSearchFeature {
  const state = new CachedFileSearchState(new JsonFileSearchStateStore(deps.storageDir));
  // Loaded in the background: until then no turn offers file search, which costs nothing.
  void state.load().catch((err: unknown) => deps.log.error(`loading the file search state failed: ${(err as Error).name}`));
  const command = new IndexCommand(deps, state);
  const registration = vscode.commands.registerCommand('workspaceAssistant.indexDocuments', () => command.run());
  const current = (): FileSearchState | undefined => (enabled() ? state.current : undefined);
  return {
    state,
    tool: () => fileSearchTool(current()),
    hostedTool: () => fileSearchHostedTool(current()),
    pathOfFile: (fileId) => pathsByFileId(state.current).get(fileId),
    dispose: () => registration.dispose(),
  };
}
