// What was learnt about each server (its API, what it refused), kept in the global state: it holds
// for every workspace that uses the same base URL, and survives reloads.
import type * as vscode from 'vscode';
import type { ServerFacts, ServerMemory } from '../../core/backends/server-memory';

const KEY = 'workspaceAssistant.servers';

export class GlobalStateServerMemory implements ServerMemory {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly state: vscode.Memento) {}

  /** Something new was learnt (the panel header says where the history lives). */
  onDidChange(listener: () => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get(server: string): ServerFacts {
    return this.all()[server] ?? {};
  }

  async update(server: string, patch: Partial<ServerFacts>): Promise<void> {
    const all = this.all();
    await this.state.update(KEY, { ...all, [server]: { ...all[server], ...patch } });
    for (const listener of this.listeners) listener();
  }

  /** Forgets a server (Choose Server on it again, a changed setting): the next question asks it afresh. */
  async forget(server: string): Promise<void> {
    const rest = { ...this.all() };
    delete rest[server];
    await this.state.update(KEY, rest);
    for (const listener of this.listeners) listener();
  }

  private all(): Record<string, ServerFacts> {
    const value = this.state.get<Record<string, ServerFacts>>(KEY);
    return value && typeof value === 'object' ? value : {};
  }
}
