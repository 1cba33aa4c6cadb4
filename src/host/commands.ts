// The commands that ask something: from the palette, the editor's context menu, the explorer.
import * as vscode from 'vscode';
import type { Assistant } from '../core/assistant';
import { questionFor } from '../core/prompt';
import { contextKey, type Candidate, type Collected } from '../core/attachments';
import type { Attachment, SelectionKind, TurnKind } from '../shared/turn';
import type { ApiKeys } from './api-key';
import type { PanelController } from './panel';
import { collect, describeCollected, selectionCandidate, type Collection } from './attachments';
import { diagnosticsAttachment, relativePath } from './selection';

export interface CommandDeps {
  readonly assistant: () => Promise<Assistant>;
  readonly panel: PanelController;
  readonly keys: ApiKeys;
  readonly log: vscode.LogOutputChannel;
  readonly lastEditor: () => vscode.TextEditor | undefined;
}

const VERBS: Record<SelectionKind, string> = { explain: 'explain', debug: 'debug', fix: 'fix', tests: 'write tests for', document: 'document' };

export class AskCommands {
  /** Keys (contextKey) of the context chips the user removed in the panel; kept for this window. */
  private readonly excluded = new Set<string>();

  constructor(private readonly deps: CommandDeps) {}

  /** The panel's chips: the user removes (or brings back) a proposed file or selection (E4). */
  setExcluded(key: string, excluded: boolean): void {
    if (excluded) this.excluded.add(key);
    else this.excluded.delete(key);
  }

  /** What a question typed in the panel would send now: the chips shown before sending (E4). */
  async panelContext(): Promise<Collection> {
    const assistant = await this.deps.assistant();
    return collect({ editor: this.editor(), withSelection: true, sent: assistant.sentFiles(), exclude: (c) => this.excluded.has(contextKey(c)) });
  }

  /** Commands name their subject themselves (a selection, a file): only the added context files can be removed. */
  private readonly excludeContextFiles = (c: Candidate): boolean => c.kind === 'file' && !c.explicit && this.excluded.has(contextKey(c));

  register(): vscode.Disposable[] {
    const c = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(`workspaceAssistant.${id}`, run);
    return [
      c('explain', () => this.selectionTurn('explain')),
      c('debug', () => this.selectionTurn('debug')),
      c('fix', () => this.selectionTurn('fix')),
      c('writeTests', () => this.selectionTurn('tests')),
      c('document', () => this.selectionTurn('document')),
      c('ask', (question) => this.ask(typeof question === 'string' ? question : undefined)),
      c('askAboutFile', (uri) => this.askAboutFile(uri instanceof vscode.Uri ? uri : undefined)),
      c('setApiKey', () => this.deps.keys.prompt()),
      c('showPanel', () => this.deps.panel.show(false)),
      c('showLog', () => this.deps.log.show()),
    ];
  }

  private editor(): vscode.TextEditor | undefined {
    return vscode.window.activeTextEditor ?? this.deps.lastEditor();
  }

  /** Explain, Debug, Fix, Write Tests, Document: the selection is the subject, so there must be one. */
  private async selectionTurn(kind: SelectionKind): Promise<void> {
    const askedAt = performance.now();
    const editor = this.editor();
    if (!editor || !selectionCandidate(editor)) {
      void vscode.window.showInformationMessage(`Workspace Assistant: select the code to ${VERBS[kind]} first.`);
      return;
    }
    const collected = await this.collect(editor, true);
    if (!collected.attachments.some((a) => a.kind === 'selection')) {
      const refusal = collected.refused[0];
      void vscode.window.showWarningMessage(`Workspace Assistant: the selection is not sent${refusal ? `: ${refusal.path} ${refusal.reason}` : ''}.`);
      return;
    }
    const extra = kind === 'debug' || kind === 'fix' ? diagnosticsAttachment(editor) : undefined;
    await this.start(kind, questionFor(kind), collected, extra, askedAt);
  }

  /** A question passed as argument (from a keybinding's `args`) skips the input box. */
  private async ask(given?: string): Promise<void> {
    const editor = this.editor();
    const selection = editor && selectionCandidate(editor);
    const where = selection?.range ? `${selection.path}, lines ${selection.range.startLine}-${selection.range.endLine}` : '';
    const question = given?.trim()
      ? given
      : await vscode.window.showInputBox({
          title: 'Workspace Assistant: Ask',
          prompt: selection ? `About ${where} (the selection is attached)` : 'Ask about your code; the thread of this workspace continues.',
          placeHolder: 'What does this do? Why does it fail? How do I…',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'Type a question, or press Escape to cancel.'),
        });
    if (question === undefined) return;
    const askedAt = performance.now();
    await this.start('ask', questionFor('ask', question), await this.collect(editor, true), undefined, askedAt);
  }

  /** From the explorer or an editor title: the whole file is attached. */
  private async askAboutFile(uri: vscode.Uri | undefined): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      // D2/D3: in an untrusted workspace only text the user selects leaves the machine.
      void vscode.window.showWarningMessage('Workspace Assistant: sending whole files needs a trusted workspace. Select the code and use Ask… instead.');
      return;
    }
    const target = uri ?? this.editor()?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Workspace Assistant: open or select a file to ask about.');
      return;
    }
    const path = relativePath(target);
    const question = await vscode.window.showInputBox({
      title: `Workspace Assistant: Ask About ${path}`,
      prompt: `The file ${path} is attached.`,
      placeHolder: 'What is this file for? Where is … handled?',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Type a question, or press Escape to cancel.'),
    });
    if (question === undefined) return;
    const assistant = await this.deps.assistant();
    const collected = await collect({ withSelection: false, files: [target], sent: assistant.sentFiles(), exclude: this.excludeContextFiles });
    if (!collected.attachments.some((a) => a.kind === 'file' && a.path === path)) {
      const refusal = collected.refused.find((r) => r.path === path) ?? collected.refused[0];
      void vscode.window.showWarningMessage(`Workspace Assistant: ${path} is not sent${refusal ? `: ${refusal.reason}` : ''}.`);
      return;
    }
    await this.start('file', questionFor('ask', question), collected);
  }

  /** A question typed in the panel sends exactly what its chips showed (E4): the current selection and context files, less what the user removed. */
  async askFromPanel(text: string): Promise<void> {
    const askedAt = performance.now();
    await this.start('ask', questionFor('ask', text), await this.panelContext(), undefined, askedAt);
  }

  private async collect(editor: vscode.TextEditor | undefined, withSelection: boolean): Promise<Collected> {
    const assistant = await this.deps.assistant();
    return collect({ editor, withSelection, sent: assistant.sentFiles(), exclude: this.excludeContextFiles });
  }

  /** `askedAt`: when the question reached the extension (performance.now()), for the log's latency line. */
  private async start(kind: TurnKind, question: string, collected: Collected, extra?: Attachment, askedAt?: number): Promise<void> {
    const assistant = await this.deps.assistant();
    this.deps.panel.show(true);
    const note = describeCollected(collected);
    if (note) this.deps.panel.post({ type: 'notice', text: note });
    const attachments = extra ? [...collected.attachments, extra] : collected.attachments;
    void assistant.ask({ kind, question, attachments, sentHashes: collected.sentHashes, askedAt });
  }
}
