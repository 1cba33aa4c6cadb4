// Keeps the panel's context chips (E4) current: what a question typed in the panel would send, as
// the user selects code, opens or edits files and sends questions. Only while the panel is visible,
// and at most every DELAY_MS, so typing in an editor costs nothing noticeable.
import * as vscode from 'vscode';
import { contextItems } from '../core/attachments';
import type { AskCommands } from './commands';
import { Disposable } from './lifecycle';
import type { PanelController } from './panel';

const DELAY_MS = 200;

export class ContextPreview extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown = '';

  constructor(
    private readonly panel: PanelController,
    private readonly asks: AskCommands,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const schedule = () => this.schedule();
    this.register(vscode.window.onDidChangeVisibleTextEditors(schedule));
    this.register(vscode.window.onDidChangeTextEditorSelection(schedule));
    this.register(vscode.window.onDidChangeActiveTextEditor(schedule));
    this.register(vscode.window.tabGroups.onDidChangeTabs(schedule));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => e.document.uri.scheme === 'file' && schedule()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('workspaceAssistant.attach') && schedule()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(schedule));
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  /** After anything that may change the chips; `force` re-sends them (a new webview has none). */
  schedule(force = false): void {
    if (force) this.shown = '';
    if (this.isDisposed || !this.panel.open) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DELAY_MS);
  }

  private async refresh(): Promise<void> {
    try {
      const collected = await this.asks.panelContext();
      const items = contextItems(collected, collected.excluded);
      const json = JSON.stringify(items);
      if (json === this.shown) return;
      this.shown = json;
      this.panel.post({ type: 'context', items });
    } catch (err) {
      this.log.warn(`could not list the context for the panel: ${(err as Error).message}`);
    }
  }
}
