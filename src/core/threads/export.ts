// A thread as a Markdown document, for Export Thread as Markdown.
import type { ThreadSummary, Turn } from '../../shared/turn';
import { renderAttachment } from '../prompt';

function heading(turn: Turn, index: number): string {
  return `## ${index + 1}. ${turn.question.split('\n', 1)[0]}`;
}

export function threadToMarkdown(thread: ThreadSummary, turns: readonly Turn[]): string {
  const lines = [`# ${thread.title}`, '', `_Exported from Workspace Assistant on ${new Date().toISOString().slice(0, 10)} · started ${new Date(thread.createdAt).toISOString().slice(0, 10)}_`, ''];
  turns.forEach((turn, i) => {
    lines.push(heading(turn, i), '');
    if (turn.question.includes('\n')) lines.push(turn.question, '');
    for (const a of turn.attachments) lines.push(renderAttachment(a), '');
    lines.push(turn.answer || '_(no answer)_', '');
    if (turn.status !== 'completed') lines.push(`_Status: ${turn.status}${turn.error ? ` — ${turn.error.message}` : ''}_`, '');
  });
  return lines.join('\n');
}
