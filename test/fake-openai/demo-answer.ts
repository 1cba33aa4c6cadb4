// The answer given when nothing is scripted: short markdown with a heading, a list and a ts code block,
// so a person trying the extension against the demo backend sees every kind of rendering at once.

export const DEMO_ANSWER_CHUNKS: readonly string[] = [
  '## Demo answer\n\n',
  'This reply comes from the **demo backend** (the fake OpenAI server), not from a real model.\n\n',
  '- It streams in a few chunks\n',
  '- It renders a heading, a list and code\n',
  '- It is the same for every question\n\n',
  '```ts\n',
  'function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
  '```\n',
];

export const DEMO_ANSWER = DEMO_ANSWER_CHUNKS.join('');

/** The scripted text as delta chunks: a string is one chunk, an array is the chunks, absent is the demo answer. */
export function answerChunks(text: string | string[] | undefined): string[] {
  if (text === undefined) return [...DEMO_ANSWER_CHUNKS];
  return typeof text === 'string' ? [text] : [...text];
}

/** A rough token count (≈ 4 characters a token), enough for usage objects that add up. */
export const countTokens = (text: string): number => Math.ceil(text.length / 4);
