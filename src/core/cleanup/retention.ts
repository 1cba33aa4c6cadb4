// The retention setting (`workspaceAssistant.retentionDays`): conversations of threads unused for
// longer are deleted on the server; the transcripts stay here. 0 keeps everything.
import type { RemoteItem, ThreadRemote } from './cleanup';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The conversations of threads whose last activity is older than `days` days. */
export function expiredConversations(threads: readonly ThreadRemote[], days: number, now = Date.now()): RemoteItem[] {
  if (!(days > 0)) return [];
  const cutoff = now - days * DAY_MS;
  return threads
    .filter((t) => t.lastActivity < cutoff)
    .flatMap((t) => t.conversations.map((id) => ({ kind: 'conversation' as const, id, label: t.title, threadId: t.id })));
}

/** Whether a day has passed since the last run (or it never ran, or the clock went back). */
export function retentionDue(lastRun: number | undefined, now = Date.now()): boolean {
  return lastRun === undefined || now - lastRun >= DAY_MS || now < lastRun;
}
