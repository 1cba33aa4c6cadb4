// get_selection: what the user has selected in the editor.
import { refusalOfRealLocation, truncate } from '../attachments';
import { TOOL_DEFINITIONS } from './definitions';
import { MAX_TOOL_OUTPUT_CHARS } from './limits';
import { redactionNotice, redactLines, splitLines } from './redact-lines';
import { failure, type ToolSpec } from './tool-context';

export const getSelectionTool: ToolSpec = {
  definition: TOOL_DEFINITIONS.find((d) => d.name === 'get_selection')!,
  async run(_args, { port, policy }) {
    const selection = await port.selection();
    if (!selection || selection.text.trim() === '') return { ok: true, output: 'Nothing is selected in the active editor.', summary: 'Read the selection: nothing selected' };
    // A selection in `.env` is still the contents of `.env` (the attachments rule, E1).
    const verdict = policy.denies(selection.path);
    if (verdict.denied) return failure(`the selection is in a file that cannot be read: ${verdict.reason}`, 'get_selection refused: denied file');
    const real = selection.real && refusalOfRealLocation(selection.path, selection.real, policy);
    if (real) return failure(`the selection is in a file that cannot be read: ${real}`, 'get_selection refused: denied file');
    const { lines, findings } = redactLines(splitLines(selection.text));
    const label = `${selection.path}, lines ${selection.startLine}-${selection.endLine}`;
    const header = `Selected in ${label} (${selection.languageId}):`;
    const body = truncate(lines.join('\n'), MAX_TOOL_OUTPUT_CHARS - header.length - 1);
    const notice = redactionNotice(findings, label);
    return { ok: true, output: `${header}\n${body}`, summary: `Read the selection in ${label}`, notices: notice ? [notice] : [] };
  },
};
