// Checks a call's arguments against the tool's own schema (F5), so the schema the model is shown
// and the check that is applied cannot drift apart. Tolerant in one way only: an optional
// argument may be missing as well as null, because servers without strict mode (Chat
// Completions compatibles) let models leave it out.
import type { ParametersSchema } from './definitions';
import { MAX_ARGUMENT_CHARS } from './limits';
import { formatCount } from '../../shared/numbers';

export type ArgumentValue = string | number | boolean | null;
export type Arguments = Readonly<Record<string, ArgumentValue>>;

export function parseArguments(raw: string, schema: ParametersSchema): { args: Arguments } | { error: string } {
  if (typeof raw !== 'string') return { error: 'the arguments must be a JSON object in a string' };
  if (raw.length > MAX_ARGUMENT_CHARS) {
    return { error: `the arguments are ${formatCount(raw.length)} characters long; at most ${formatCount(MAX_ARGUMENT_CHARS)} are accepted` };
  }
  let value: unknown;
  try {
    // Some servers send "" for a tool without parameters.
    value = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return { error: 'the arguments are not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'the arguments must be a JSON object' };

  const given = value as Record<string, unknown>;
  const args: Record<string, ArgumentValue> = {};
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(schema.properties, key)) {
      const known = Object.keys(schema.properties);
      return { error: `unknown argument "${key.slice(0, 50)}"; ${known.length ? `the arguments are: ${known.join(', ')}` : 'this tool takes no arguments'}` };
    }
  }
  for (const [key, property] of Object.entries(schema.properties)) {
    const nullable = Array.isArray(property.type);
    const type = (nullable ? property.type[0] : property.type) as string;
    const v = Object.hasOwn(given, key) ? given[key] : undefined;
    if (v === undefined || v === null) {
      if (!nullable) return { error: `"${key}" is required (${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type})` };
      args[key] = null;
      continue;
    }
    const a = /^[aeiou]/.test(type) ? 'an' : 'a';
    const ok = type === 'integer' ? Number.isSafeInteger(v) : typeof v === type;
    if (!ok) return { error: `"${key}" must be ${a} ${type}${nullable ? ' or null' : ''}, not ${JSON.stringify(v)?.slice(0, 40) ?? typeof v}` };
    if (property.minimum !== undefined && (v as number) < property.minimum) return { error: `"${key}" must be at least ${property.minimum}` };
    args[key] = v as ArgumentValue;
  }
  return { args };
}

/** Typed reads of already-checked arguments. */
export const str = (args: Arguments, key: string): string | undefined => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
export const int = (args: Arguments, key: string): number | undefined => (typeof args[key] === 'number' ? (args[key] as number) : undefined);
export const bool = (args: Arguments, key: string): boolean => args[key] === true;
