// H11: the question and its attachments are fitted to a token budget before they are sent, so the
// model's context is not overrun. Tokens are estimated as characters / 4 (about right for English
// and code with OpenAI tokenizers; no tokenizer is bundled): an estimate, so the budget should sit
// below the model's real window, and a context-length 400 from the server still gets one retry
// with a smaller budget (turn-runner.ts).
//
// What goes first: files from other open tabs, then files of the visible editors (the later ones
// first: the host lists the most relevant first), then diagnostics. The user's own selection is
// never left out; as a last resort it is cut, with a marker saying how much was not sent.
import { locationLabel, type Attachment } from '../shared/turn';
import { truncate } from './attachments/limits';
import { userMessageParts } from './prompt';
import { formatCount } from '../shared/numbers';

export const CHARS_PER_TOKEN = 4;
/** Used when the settings give no budget: well inside the windows of current OpenAI models. */
export const DEFAULT_MAX_CONTEXT_TOKENS = 100_000;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateMessageTokens(question: string, attachments: readonly Attachment[]): number {
  return userMessageParts(question, attachments).reduce((sum, part) => sum + estimateTokens(part), 0);
}

/** Lower is left out first. */
function dropRank(a: Attachment): number {
  if (a.kind === 'selection') return Infinity;
  if (a.kind === 'diagnostics') return 2;
  return a.source === 'open-tab' ? 0 : 1;
}

const labelOf = (a: Attachment): string => locationLabel(a.path, a.range);

export interface Fitted {
  readonly attachments: Attachment[];
  /** Labels of what was left out, in the order it was dropped. */
  readonly leftOut: string[];
  /** Labels of selections that were cut. */
  readonly shortened: string[];
}

export function fitToBudget(question: string, attachments: readonly Attachment[], maxTokens: number): Fitted {
  const kept = [...attachments];
  const leftOut: string[] = [];
  const shortened: string[] = [];
  const over = () => estimateMessageTokens(question, kept) - maxTokens;
  while (over() > 0) {
    let victim = -1;
    kept.forEach((a, i) => {
      if (dropRank(a) !== Infinity && (victim < 0 || dropRank(a) <= dropRank(kept[victim]))) victim = i;
    });
    if (victim < 0) break;
    leftOut.push(labelOf(kept[victim]));
    kept.splice(victim, 1);
  }
  // Only selections are left: cut the longest until the message fits (or nothing more can go).
  while (over() > 0) {
    const i = kept.reduce((best, a, j) => (best < 0 || a.text.length > kept[best].text.length ? j : best), -1);
    if (i < 0) break;
    const a = kept[i];
    const room = Math.max(0, a.text.length - over() * CHARS_PER_TOKEN);
    const text = truncate(a.text, room);
    if (text.length >= a.text.length) break; // nothing left to cut
    kept[i] = { ...a, text };
    if (!shortened.includes(labelOf(a))) shortened.push(labelOf(a));
  }
  return { attachments: kept, leftOut, shortened };
}

/** What the user is told, or undefined when everything fitted. */
export function budgetNotice(fitted: Fitted, maxTokens: number): string | undefined {
  const budget = `the context budget of ${formatCount(maxTokens)} tokens (estimated at ${CHARS_PER_TOKEN} characters a token)`;
  const said: string[] = [];
  if (fitted.leftOut.length) said.push(`Left out to stay within ${budget}: ${fitted.leftOut.join(', ')}.`);
  if (fitted.shortened.length) said.push(`Shortened your selection ${fitted.shortened.join(', ')} to stay within ${budget}.`);
  return said.length ? said.join(' ') : undefined;
}
