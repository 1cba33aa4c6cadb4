// New, Switch, Rename, Delete and Export Thread.
import * as vscode from 'vscode';
import type { Assistant } from '../../core/assistant';
import { threadToMarkdown } from '../../core/threads/export';
import type { ThreadSummary } from '../../shared/turn';
import type { PanelController } from '../panel';

interface ThreadItem extends vscode.QuickPickItem {
  readonly thread: ThreadSummary;
}

export class ThreadCommands {
  constructor(
    private readonly assistant: () => Promise<Assistant>,
    private readonly panel: PanelController,
  ) {}

  register(): vscode.Disposable[] {
    const c = (id: string, run: () => unknown) => vscode.commands.registerCommand(`workspaceAssistant.${id}`, run);
    return [
      c('newThread', () => this.newThread()),
      c('switchThread', () => this.switchThread()),
      c('renameThread', () => this.renameThread()),
      c('deleteThread', () => this.deleteThread()),
      c('exportThread', () => this.exportThread()),
    ];
  }

  async newThread(): Promise<void> {
    await (await this.assistant()).newThread();
    this.panel.show(false);
  }

  private async pick(placeHolder: string): Promise<ThreadSummary | undefined> {
    const assistant = await this.assistant();
    await assistant.refreshThreads(); // another window on this folder may have added some
    const current = assistant.currentThread.id;
    const items: ThreadItem[] = assistant.threads.map((thread) => ({
      thread,
      label: thread.title,
      description: thread.id === current ? 'current' : undefined,
      detail: `Started ${new Date(thread.createdAt).toLocaleString()}`,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Workspace Assistant: Threads', placeHolder, matchOnDetail: true });
    return picked?.thread;
  }

  private async switchThread(): Promise<void> {
    const thread = await this.pick('Switch to a thread of this workspace');
    if (!thread) return;
    await (await this.assistant()).switchThread(thread.id);
    this.panel.show(false);
  }

  private async renameThread(): Promise<void> {
    const assistant = await this.assistant();
    const current = assistant.currentThread;
    const title = await vscode.window.showInputBox({
      title: 'Workspace Assistant: Rename Thread',
      value: current.title,
      validateInput: (v) => (v.trim() ? undefined : 'A thread needs a name.'),
    });
    if (title !== undefined) await assistant.renameThread(current.id, title);
  }

  private async deleteThread(): Promise<void> {
    const thread = await this.pick('Delete a thread (its local history is removed)');
    if (!thread) return;
    const choice = await vscode.window.showWarningMessage(`Delete the thread "${thread.title}"?`, { modal: true, detail: 'Its history is removed from this workspace.' }, 'Delete');
    if (choice === 'Delete') await (await this.assistant()).deleteThread(thread.id);
  }

  private async exportThread(): Promise<void> {
    const assistant = await this.assistant();
    const thread = assistant.currentThread;
    const turns = await assistant.turnsOf(thread.id);
    if (!turns.length) {
      void vscode.window.showInformationMessage('Workspace Assistant: this thread has nothing to export yet.');
      return;
    }
    const name = `${thread.title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'thread'}.md`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ title: 'Export Thread as Markdown', defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: { Markdown: ['md'] } });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(threadToMarkdown(thread, turns)));
    const open = await vscode.window.showInformationMessage(`Workspace Assistant: exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (open) await vscode.window.showTextDocument(target);
  }
}
