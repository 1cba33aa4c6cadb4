// What the panel's buttons and links do; every message was validated by the panel controller.
import * as vscode from 'vscode';
import type { Assistant } from '../core/assistant';
import type { WebviewMessage } from '../shared/protocol';
import type { ApiKeys } from './api-key';
import { applyAsDiff, type ProposalProvider } from './apply-diff';
import type { PanelController } from './panel';
import type { AskCommands } from './commands';
import type { ContextPreview } from './context-preview';
import type { ThreadCommands } from './thread-commands';

export interface PanelActionDeps {
  readonly assistant: () => Promise<Assistant>;
  readonly panel: PanelController;
  readonly keys: ApiKeys;
  readonly threads: ThreadCommands;
  readonly asks: AskCommands;
  readonly proposals: ProposalProvider;
  readonly preview: ContextPreview;
  readonly log: vscode.LogOutputChannel;
  readonly lastEditor: () => vscode.TextEditor | undefined;
}

export async function handlePanelMessage(message: WebviewMessage, deps: PanelActionDeps): Promise<void> {
  const assistant = await deps.assistant();
  switch (message.type) {
    case 'ask':
      if (message.text.trim()) await deps.asks.askFromPanel(message.text);
      return;
    case 'retry':
      void assistant.retry(message.turnId);
      return;
    case 'stop':
      assistant.stop();
      return;
    case 'newThread':
      await deps.threads.newThread();
      return;
    case 'setApiKey':
      if (await deps.keys.prompt()) deps.panel.post({ type: 'notice', text: 'API key saved. Retry to use it.' });
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'workspaceAssistant');
      return;
    case 'copy':
      await vscode.env.clipboard.writeText(message.text);
      vscode.window.setStatusBarMessage('Workspace Assistant: copied to the clipboard', 2000);
      return;
    case 'insert':
      await insertAtCursor(message.text, deps.lastEditor());
      return;
    case 'apply': {
      const turn = assistant.transcript.find((t) => t.id === message.turnId);
      await applyAsDiff(message.text, turn?.attachments.find((a) => a.kind === 'selection'), deps.lastEditor(), deps.proposals);
      return;
    }
    case 'switchThread':
      await vscode.commands.executeCommand('workspaceAssistant.switchThread');
      return;
    case 'openLink':
      await openLink(message.href, deps.log);
      return;
    case 'excludeContext':
    case 'includeContext':
      deps.asks.setExcluded(message.key, message.type === 'excludeContext');
      deps.preview.schedule();
      return;
    case 'ready':
      return;
  }
}

async function insertAtCursor(text: string, editor: vscode.TextEditor | undefined): Promise<void> {
  if (!editor) {
    void vscode.window.showWarningMessage('Workspace Assistant: open an editor to insert the code into.');
    return;
  }
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await editor.edit((edit) => editor.selections.forEach((s) => edit.replace(s, text)));
}

/** Links from answers open only after the user saw the full URL (A8); other schemes do nothing. */
export async function openLink(href: string, log: vscode.LogOutputChannel): Promise<void> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    log.warn('ignored a link that is not a URL');
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    log.warn(`ignored a ${url.protocol} link from an answer`);
    return;
  }
  const choice = await vscode.window.showWarningMessage('Open this link from the answer?', { modal: true, detail: url.toString() }, 'Open');
  if (choice === 'Open') await vscode.env.openExternal(vscode.Uri.parse(url.toString()));
}
