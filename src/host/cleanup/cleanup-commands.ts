// "Clean Up Remote Data" (list, confirm, delete, summary) and the retention setting, applied once a
// day in the background. The transcripts stay local; their threads start new conversations.
import * as vscode from 'vscode';
import type OpenAI from 'openai';
import type { Assistant } from '../../core/assistant';
import {
  deleteRemoteItems, describeCounts, fileSearchStateAfter, forgetRemoved, remoteInventory, threadRemote, type CleanupReport, type RemoteItem, type ThreadRemote,
} from '../../core/cleanup/cleanup';
import type { Logger } from '../../core/logger';
import { expiredConversations, retentionDue } from '../../core/cleanup/retention';
import { FileThreadStore } from '../../core/threads/thread-store';
import type { FileSearchFeature } from '../file-search/file-search-commands';
import { createClient } from '../../core/client';
import { needsApiKey } from '../../core/servers/address';
import { hostedToolsOrExplain } from '../backends/hosted-tools';
import { clientOrExplain, endpoint, explain, listLines, signalFor, type RemoteDeps } from '../remote-client';
import { settingsOf } from '../settings';

export interface CleanupDeps extends RemoteDeps {
  readonly assistant: () => Promise<Assistant>;
  readonly fileSearch: FileSearchFeature;
  readonly log: Logger;
  /** Where the threads are stored: the clean-up marks them through a store of its own (like a second window). */
  readonly storageDir: string;
}

/** Retention waits this long after activation, so it never competes with start-up. */
export const RETENTION_DELAY_MS = 2 * 60 * 1000;
/** How often a long-running window checks whether a day has passed. */
const RETENTION_CHECK_MS = 60 * 60 * 1000;
const LAST_RUN_KEY = 'workspaceAssistant.retentionLastRun';

const KIND_LABEL: Record<RemoteItem['kind'], string> = {
  conversation: 'Conversation',
  file: 'File',
  'vector-store': 'Vector store',
  container: 'Container',
};

function retentionDays(): number {
  const days = settingsOf()<number>('retentionDays', 0);
  return typeof days === 'number' && Number.isFinite(days) && days > 0 ? days : 0;
}

/** Every thread of the workspace with its remote ids, other windows' threads included. */
async function threadsOf(assistant: Assistant): Promise<ThreadRemote[]> {
  await assistant.refreshThreads();
  return Promise.all(assistant.threads.map(async (t) => threadRemote(t, await assistant.turnsOf(t.id))));
}

class Cleanup {
  constructor(private readonly deps: CleanupDeps) {}

  /** Records in the local state what the report says is gone. */
  private async recordGone(report: CleanupReport, assistant: Assistant): Promise<void> {
    const gone = report.deleted.length + report.alreadyGone.length;
    if (gone === 0) return;
    const state = await this.deps.fileSearch.state.load();
    await this.deps.fileSearch.state.save(fileSearchStateAfter(state, report));
    await forgetRemoved(new FileThreadStore(this.deps.storageDir), report);
    await assistant.refreshThreads(); // the open Assistant takes the marks in now, not on its next save
  }

  async cleanUp(): Promise<void> {
    const assistant = await this.deps.assistant();
    if (assistant.busy) {
      void vscode.window.showInformationMessage('Workspace Assistant is answering. Wait for the answer (or Stop it), then clean up.');
      return;
    }
    const items = remoteInventory(await threadsOf(assistant), await this.deps.fileSearch.state.load());
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Workspace Assistant has no data of this workspace on the server.');
      return;
    }
    if (!(await hostedToolsOrExplain(this.deps.memory, 'Clean Up Remote Data'))) return;
    const client = await clientOrExplain(this.deps, 'delete the remote data');
    if (!client) return;
    const detail = [
      `On ${endpoint(this.deps)}: ${describeCounts(items)}.`,
      listLines(items.map((i) => `${KIND_LABEL[i.kind]}: ${i.label}`)),
      '\nThe transcripts stay here; the next question in a thread starts a new conversation. The document index can be built again with "Index Workspace Documents".',
    ].join('\n');
    const choice = await vscode.window.showWarningMessage(`Delete this workspace's data on the server (${describeCounts(items)})?`, { modal: true, detail }, 'Delete');
    if (choice !== 'Delete') return;
    const report = await this.deleteWithProgress(client, items, 'Workspace Assistant: Clean Up Remote Data');
    await this.recordGone(report, assistant);
    for (const f of report.failed) this.deps.log.warn(`clean-up: ${f.kind} ${f.id} not deleted: ${f.reason}`);
    const summary = `${report.cancelled ? 'Clean-up stopped' : 'Clean-up done'}: ${report.deleted.length} deleted, ${report.alreadyGone.length} already gone${report.failed.length ? `, ${report.failed.length} failed (${report.failed[0].reason})` : ''}.`;
    if (report.failed.length) {
      const pick = await vscode.window.showWarningMessage(summary, 'Show Log');
      if (pick) await vscode.commands.executeCommand('workspaceAssistant.showLog');
    } else void vscode.window.showInformationMessage(summary);
  }

  private deleteWithProgress(client: OpenAI, items: readonly RemoteItem[], title: string): Thenable<CleanupReport> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const bridge = signalFor(token);
      try {
        return await deleteRemoteItems(client, items, {
          signal: bridge.signal,
          progress: (done, total) => progress.report({ message: `${done}/${total}`, increment: done === 0 ? 0 : 100 / total }),
        });
      } finally {
        bridge.dispose();
      }
    });
  }

  /** The retention setting: deletes the conversations of threads unused for longer; quiet, logged. */
  async applyRetention(memento: vscode.Memento): Promise<void> {
    const days = retentionDays();
    if (days === 0 || !retentionDue(memento.get<number>(LAST_RUN_KEY))) return;
    const assistant = await this.deps.assistant();
    if (assistant.busy) return; // the next hourly check tries again
    const items = expiredConversations(await threadsOf(assistant), days);
    if (items.length === 0) {
      await memento.update(LAST_RUN_KEY, Date.now());
      return;
    }
    const apiKey = await this.deps.apiKey();
    if (!apiKey && needsApiKey(this.deps.baseUrl())) {
      this.deps.log.info('retention: no API key; old conversations are kept for now');
      return;
    }
    const client = createClient({ apiKey, baseUrl: this.deps.baseUrl(), maxRetries: 2 });
    const report = await deleteRemoteItems(client, items, { signal: new AbortController().signal });
    await this.recordGone(report, assistant);
    this.deps.log.info(`retention (${days} days): ${report.deleted.length} conversations deleted, ${report.alreadyGone.length} already gone, ${report.failed.length} failed`);
    // When nothing got through (offline, refused key) the next check tries again; otherwise tomorrow.
    if (report.failed.length < items.length) await memento.update(LAST_RUN_KEY, Date.now());
  }
}

/**
 * Registers "Clean Up Remote Data" and schedules retention: first a while after activation, then
 * checked hourly, run at most once a day. Never awaited by activation.
 */
export function registerCleanup(context: vscode.ExtensionContext, deps: CleanupDeps): vscode.Disposable {
  const cleanup = new Cleanup(deps);
  let running = false;
  const retention = () => {
    if (running) return;
    running = true;
    cleanup
      .applyRetention(context.workspaceState)
      .catch((err: unknown) => deps.log.warn(`retention failed: ${err instanceof Error ? err.name : 'error'}`))
      .finally(() => (running = false));
  };
  const first = setTimeout(retention, RETENTION_DELAY_MS);
  const hourly = setInterval(retention, RETENTION_CHECK_MS);
  const command = vscode.commands.registerCommand('workspaceAssistant.cleanUpRemoteData', () =>
    cleanup.cleanUp().catch((err: unknown) => {
      deps.log.error(`clean-up failed: ${err instanceof Error ? err.name : 'error'}`);
      void vscode.window.showErrorMessage(`Workspace Assistant: the clean-up failed. ${explain(err, deps)}`);
    }),
  );
  return new vscode.Disposable(() => {
    clearTimeout(first);
    clearInterval(hourly);
    command.dispose();
  });
}
