// Conversation items: what a request's input becomes once stored, and the assistant's output message.
import { randomBytes } from 'node:crypto';
import { newId } from './ids';
import type { Json } from './state';

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An output_text part; annotations and logprobs are required by the spec even when empty. */
export const outputText = (text: string, annotations: Json[] = []): Json => ({ type: 'output_text', text, annotations, logprobs: [] });

export function outputMessage(id: string, text: string | undefined, status: 'in_progress' | 'completed' | 'incomplete', annotations: Json[] = []): Json {
  return { id, type: 'message', status, role: 'assistant', content: text === undefined ? [] : [outputText(text, annotations)] };
}

function messageItem(m: Json): Json {
  const role = typeof m.role === 'string' ? m.role : 'user';
  const partType = role === 'assistant' ? 'output_text' : 'input_text';
  const content = typeof m.content === 'string'
    ? [partType === 'output_text' ? outputText(m.content) : { type: 'input_text', text: m.content }]
    : (Array.isArray(m.content) ? m.content : []).map((p) =>
        isObject(p) && p.type === 'output_text' ? { annotations: [], logprobs: [], ...p } : p);
  return { type: 'message', id: typeof m.id === 'string' ? m.id : newId.message(), status: 'completed', role, content };
}

/** The items a request's `input` (or a conversation's `items`) adds to a conversation, with server-side ids. */
export function toConversationItems(input: unknown): Json[] {
  if (typeof input === 'string') return [messageItem({ role: 'user', content: input })];
  if (!Array.isArray(input)) return [];
  const items: Json[] = [];
  for (const entry of input) {
    if (!isObject(entry) || entry.type === 'item_reference') continue; // a reference points at an item already stored
    if ((entry.type === undefined || entry.type === 'message') && 'role' in entry) items.push(messageItem(entry));
    else items.push({ ...entry, id: typeof entry.id === 'string' ? entry.id : `item_${randomBytes(24).toString('hex')}` });
  }
  return items;
}

/** The plain text of an input, for token estimates. */
export function inputText(input: unknown): string {
  return typeof input === 'string' ? input : JSON.stringify(input ?? '');
}
