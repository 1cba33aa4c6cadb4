// The panel beside the editor: one webview, a strict CSP with a fresh nonce per render, a ready
// handshake before anything is posted, and every incoming message validated (B1).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, PanelState, WebviewMessage } from '../shared/protocol';
import { parseWebviewMessage } from '../shared/protocol';
import { panelHtml } from '../core/webview-html';
import { Disposable } from './lifecycle';

export const PANEL_VIEW_TYPE = 'workspaceAssistant.panel';
const TITLE = 'Workspace Assistant';

export interface PanelHost {
  state(): Promise<PanelState>;
  handle(message: WebviewMessage): void;
  /** After each (re)load of the webview got its state: it has nothing else yet. */
  ready?(): void;
  readonly log: vscode.LogOutputChannel;
}

export class PanelController extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pending: HostMessage[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {
    super();
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** A panel exists (maybe in a background tab; it still gets messages and keeps them). */
  get open(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the panel beside the editor, or reveals it where it is. */
  show(preserveFocus = true): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options());
    this.attach(panel);
  }

  /** Takes over a panel, new or restored by the serializer after a reload. */
  attach(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-icon.svg');
    panel.webview.options = this.options();
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        this.ready = false;
        this.pending = [];
        subscriptions.forEach((s) => s.dispose());
      }),
    ];
    panel.webview.html = this.html(panel.webview);
  }

  /** Posts once the webview said it is ready; never after the panel is gone. */
  post(message: HostMessage): void {
    if (!this.panel || this.isDisposed) return;
    if (!this.ready) {
      // Anything queued before ready is superseded by the full state sent on ready.
      this.pending = message.type === 'notice' ? [...this.pending, message] : this.pending;
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      // Only the extension's own build output and media; never the workspace (A3).
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.host.log.warn(`ignored a webview message: ${parsed.reason}`);
      return;
    }
    if (parsed.message.type === 'ready') {
      void this.sendState();
      return;
    }
    this.host.handle(parsed.message);
  }

  async sendState(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const state = await this.host.state();
    if (this.panel !== panel) return;
    this.ready = true;
    void panel.webview.postMessage({ type: 'state', state } satisfies HostMessage);
    for (const message of this.pending.splice(0)) void panel.webview.postMessage(message);
    this.host.ready?.();
  }

  private html(webview: vscode.Webview): string {
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', name)).toString();
    return panelHtml({
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      styleUri: asset('webview.css'),
      scriptUri: asset('webview.js'),
      title: TITLE,
    });
  }
}
