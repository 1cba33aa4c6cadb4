// The commands of the palette, the editor's context menu and the panel.
import * as vscode from 'vscode';
import type { Assistant } from '../core/assistant';
import { questionFor } from '../core/prompt';
import type { WebviewMessage } from '../shared/protocol';
import type { Attachment, TurnKind } from '../shared/turn';
import type { ApiKeys } from './api-key';
import type { PanelController } from './panel';
import { selectionAttachment } from './selection';

export interface CommandDeps {
  readonly assistant: () => Promise<Assistant>;
  readonly panel: PanelController;
  readonly keys: ApiKeys;
  readonly log: vscode.LogOutputChannel;
  readonly lastEditor: () => vscode.TextEditor | undefined;
}

export class Commands {
  constructor(private readonly deps: CommandDeps) {}

  register(): vscode.Disposable[] {
    const c = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(`workspaceAssistant.${id}`, run);
    return [
      c('explain', () => this.selectionTurn('explain')),
      c('debug', () => this.selectionTurn('debug')),
      c('ask', (question) => this.askWithInputBox(typeof question === 'string' ? question : undefined)),
      c('newThread', () => this.newThread()),
      c('setApiKey', () => this.deps.keys.prompt()),
      c('showPanel', () => this.deps.panel.show(false)),
    ];
  }

  /** Explain/Debug: the selection is the subject, so there must be one. */
  private async selectionTurn(kind: Exclude<TurnKind, 'ask'>): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? this.deps.lastEditor();
    const attachment = editor && selectionAttachment(editor);
    if (!attachment) {
      void vscode.window.showInformationMessage(`Workspace Assistant: select the code to ${kind} first.`);
      return;
    }
    await this.start(kind, questionFor(kind), [attachment]);
  }

  /** A question passed as argument (from a keybinding's `args`) skips the input box. */
  private async askWithInputBox(given?: string): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? this.deps.lastEditor();
    const attachment = editor && selectionAttachment(editor);
    const question = given?.trim() ? given : await vscode.window.showInputBox({
      title: 'Workspace Assistant: Ask',
      prompt: attachment ? `About ${attachment.path}, lines ${attachment.range?.startLine}-${attachment.range?.endLine} (the selection is attached)` : 'Ask about your code; the thread of this workspace continues.',
      placeHolder: 'What does this do? Why does it fail? How do I…',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Type a question, or press Escape to cancel.'),
    });
    if (question === undefined) return;
    await this.start('ask', questionFor('ask', question), attachment ? [attachment] : []);
  }

  private async newThread(): Promise<void> {
    const assistant = await this.deps.assistant();
    await assistant.newThread();
    this.deps.panel.show(false);
  }

  private async start(kind: TurnKind, question: string, attachments: Attachment[]): Promise<void> {
    const assistant = await this.deps.assistant();
    this.deps.panel.show(true);
    void assistant.ask({ kind, question, attachments });
  }

  /** Messages from the panel; each one was validated by the panel controller. */
  async handle(message: WebviewMessage): Promise<void> {
    const assistant = await this.deps.assistant();
    switch (message.type) {
      case 'ask':
        if (message.text.trim()) void assistant.ask({ kind: 'ask', question: message.text.trim(), attachments: [] });
        return;
      case 'retry':
        void assistant.retry(message.turnId);
        return;
      case 'stop':
        assistant.stop();
        return;
      case 'newThread':
        await this.newThread();
        return;
      case 'setApiKey':
        if (await this.deps.keys.prompt()) this.deps.panel.post({ type: 'notice', text: 'API key saved. Retry to use it.' });
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'workspaceAssistant');
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage('Workspace Assistant: copied to the clipboard', 2000);
        return;
      case 'insert':
        await this.insert(message.text);
        return;
      case 'openLink':
        await openLink(message.href, this.deps.log);
        return;
      case 'ready':
        return;
    }
  }

  private async insert(text: string): Promise<void> {
    const editor = this.deps.lastEditor();
    if (!editor) {
      void vscode.window.showWarningMessage('Workspace Assistant: open an editor to insert the code into.');
      return;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await editor.edit((edit) => editor.selections.forEach((s) => edit.replace(s, text)));
  }
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
