// What the panel's buttons and links do; every message was validated by the panel controller.
import * as vscode from 'vscode';
import type { Assistant } from '../core/assistant';
import { linkDecision } from '../core/links';
import { EARLIER_TURNS_PER_REQUEST, type WebviewMessage } from '../shared/protocol';
import type { ApiKeys } from './api-key';
import { applyAsDiff, type ProposalProvider } from './apply-diff';
import { insertAtCursor } from './edits/insert-at-cursor';
import type { WriteGuard } from './edits/write-guard';
import type { PanelController } from './panel';
import type { AskCommands } from './commands';
import type { ContextPreview } from './context-preview';
import { openCitation, type CitationDeps } from './citations';
import { loadImage, openOrSave, type GeneratedFileDeps } from './code-interpreter/generated-files';
import type { ThreadCommands } from './threads/thread-commands';

export interface PanelActionDeps {
  readonly assistant: () => Promise<Assistant>;
  readonly panel: PanelController;
  readonly keys: ApiKeys;
  readonly threads: ThreadCommands;
  readonly asks: AskCommands;
  readonly proposals: ProposalProvider;
  readonly preview: ContextPreview;
  readonly files: GeneratedFileDeps;
  readonly citations: CitationDeps;
  readonly log: vscode.LogOutputChannel;
  /** Keeps the hosts whose links open without asking (A8). */
  readonly globalState: vscode.Memento;
  readonly lastEditor: () => vscode.TextEditor | undefined;
  /** Asks before any write to a protected file (C5, B2). */
  readonly writes: WriteGuard;
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
    case 'selectModel':
      await vscode.commands.executeCommand('workspaceAssistant.selectModel');
      return;
    case 'copy':
      await vscode.env.clipboard.writeText(message.text);
      vscode.window.setStatusBarMessage('Workspace Assistant: copied to the clipboard', 2000);
      return;
    case 'insert':
      await insertAtCursor(message.text, deps.lastEditor(), deps.writes);
      return;
    case 'apply': {
      const turn = assistant.transcript.find((t) => t.id === message.turnId);
      await applyAsDiff(message.text, turn?.attachments.find((a) => a.kind === 'selection'), deps.lastEditor(), deps.proposals, deps.writes);
      return;
    }
    case 'switchThread':
      await vscode.commands.executeCommand('workspaceAssistant.switchThread');
      return;
    case 'earlierTurns': {
      // Read only: the turns before one the panel holds, of the thread it shows.
      const all = assistant.transcript;
      const at = all.findIndex((t) => t.id === message.before);
      if (at <= 0) return;
      const from = Math.max(0, at - EARLIER_TURNS_PER_REQUEST);
      deps.panel.post({ type: 'earlierTurns', before: message.before, turns: all.slice(from, at), remaining: from });
      return;
    }
    case 'openLink':
      await openLink(message.href, deps.log, deps.globalState);
      return;
    case 'excludeContext':
    case 'includeContext':
      deps.asks.setExcluded(message.key, message.type === 'excludeContext');
      deps.preview.schedule();
      return;
    case 'loadImage':
      await loadImage(deps.files, message.turnId, message.fileId);
      return;
    case 'generatedFile':
      await openOrSave(deps.files, message.turnId, message.fileId, message.mode);
      return;
    case 'openCitation':
      await openCitation(deps.citations, message.turnId, message.fileId);
      return;
    case 'ready':
      return;
  }
}

const TRUSTED_HOSTS_KEY = 'workspaceAssistant.trustedLinkHosts';

/**
 * Links from answers (A8): http(s) only; a host the user chose to always open (exact host and port,
 * kept in globalState) opens at once, any other only after a modal showing the full URL. Other
 * schemes and broken hrefs do nothing (see core/links.ts).
 */
export async function openLink(href: string, log: vscode.LogOutputChannel, globalState: vscode.Memento): Promise<void> {
  const trusted = globalState.get<string[]>(TRUSTED_HOSTS_KEY, []);
  const decision = linkDecision(href, trusted);
  if (decision.action === 'ignore' || !decision.url) {
    log.warn(`ignored a link from an answer: ${decision.reason}`);
    return;
  }
  if (decision.action === 'ask') {
    const always = decision.host ? `Always Open ${decision.host}` : undefined;
    const choice = await vscode.window.showWarningMessage(
      'Open this link from the answer?',
      { modal: true, detail: `${decision.url}\n\n(${decision.reason})` },
      ...(always ? ['Open', always] : ['Open']),
    );
    if (!choice) return;
    if (choice === always && decision.host) await globalState.update(TRUSTED_HOSTS_KEY, [...new Set([...trusted, decision.host])]);
  }
  await vscode.env.openExternal(vscode.Uri.parse(decision.url, true));
}
