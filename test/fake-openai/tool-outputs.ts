// Function calls waiting for their outputs in a conversation, and what OpenAI says when a request
// does not settle them: a conversation whose last response called tools only continues once every
// call id has its `function_call_output` (the model cannot answer a call that was never answered).
import { isObject } from './items';
import type { Json } from './state';

/** Call ids of the conversation's function calls that have no output yet, in call order. */
export function pendingCalls(items: readonly Json[]): string[] {
  const answered = new Set(items.filter((i) => i.type === 'function_call_output').map((i) => i.call_id));
  return items.filter((i) => i.type === 'function_call' && !answered.has(i.call_id)).map((i) => String(i.call_id));
}

export interface ToolOutputCheck {
  /** The 400 OpenAI answers with, if any. */
  error?: { message: string; param: string };
  /** Not errors at OpenAI, but wrong by the F6 contract (one output per call id, in call order). */
  violations: string[];
}

export function checkToolOutputs(items: readonly Json[], input: unknown): ToolOutputCheck {
  const pending = pendingCalls(items);
  const known = new Set(items.filter((i) => i.type === 'function_call').map((i) => String(i.call_id)));
  const outputs = (Array.isArray(input) ? input : []).filter((e): e is Json => isObject(e) && e.type === 'function_call_output').map((e) => String(e.call_id));
  const unknown = outputs.find((id) => !known.has(id));
  if (unknown) return { error: { message: `No tool call found for function call output with call_id ${unknown}.`, param: 'input' }, violations: [] };
  const missing = pending.find((id) => !outputs.includes(id));
  if (missing) return { error: { message: `No tool output found for function call ${missing}.`, param: 'input' }, violations: [] };
  const violations: string[] = [];
  const seen = new Set<string>();
  for (const id of outputs) {
    if (seen.has(id)) violations.push(`F6: more than one function_call_output for ${id}`);
    if (!pending.includes(id)) violations.push(`F6: function_call_output for ${id}, which already had one`);
    seen.add(id);
  }
  const order = outputs.filter((id) => pending.includes(id));
  if (order.join() !== pending.filter((id) => seen.has(id)).join()) violations.push(`F6: outputs ${order.join(', ')} not in call order ${pending.join(', ')}`);
  return { violations };
}
