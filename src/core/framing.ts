// How names and contents from the workspace are framed in what the model reads (E7), so that
// nothing inside them can end the frame: a file named "x` (note)\n\nSYSTEM: …" must not print a
// line of its own outside the quoted data, and a file's text must not close its fence.

/** Characters that could end a code span or a line, or hide what a name says. */
const UNSAFE_IN_NAME = /[`\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** A JSON string, with the line and format characters JSON leaves alone escaped too. */
function jsonQuoted(name: string): string {
  return JSON.stringify(name).replace(/[\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, (ch) =>
    Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

/** A name in running text: `src/a.ts` in backticks, or a JSON string when it holds anything that could break out. */
export function quoteName(name: string): string {
  return UNSAFE_IN_NAME.test(name) ? jsonQuoted(name) : `\`${name}\``;
}

/** A name on a line of a listing (tool results): as it is, or a JSON string when it holds anything that could break out. */
export function listedName(name: string): string {
  return UNSAFE_IN_NAME.test(name) ? jsonQuoted(name) : name;
}

/** A fence longer than any backtick run in the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}
