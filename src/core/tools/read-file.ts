// read_file: one text file of the workspace, or a range of its lines.
import { looksBinary, MAX_FILE_BYTES, truncate } from '../attachments';
import { int, str } from './arguments';
import { TOOL_DEFINITIONS } from './definitions';
import { MAX_TOOL_OUTPUT_CHARS } from './limits';
import { redactionNotice, redactLines, splitLines } from './redact-lines';
import { failure, type ToolSpec } from './tool-context';
import { resolveWorkspacePath } from './workspace-paths';
import { formatCount } from '../../shared/numbers';
import { listedName } from '../framing';

/** Room kept for the header and the continuation note around the lines. */
const FRAME_CHARS = 400;

export const readFileTool: ToolSpec = {
  definition: TOOL_DEFINITIONS.find((d) => d.name === 'read_file')!,
  async run(args, { port, policy }) {
    const raw = str(args, 'path') ?? '';
    const startLine = int(args, 'startLine') ?? 1;
    const endLine = int(args, 'endLine');
    if (endLine !== undefined && endLine < startLine) return failure(`endLine (${endLine}) is before startLine (${startLine})`, `read_file refused: bad line range`);

    const resolved = await resolveWorkspacePath(port, policy, raw);
    if ('error' in resolved) return failure(resolved.error, `read_file refused: ${raw.slice(0, 200)}`);
    const { path, realPath } = resolved;
    const stat = await port.stat(realPath);
    if (!stat) return failure(`${path} does not exist`, `read_file: ${path} not found`);
    if (stat.kind === 'directory') return failure(`${path} is a folder; use list_files with a glob such as "${path}/**" to see its files`, `read_file: ${path} is a folder`);
    if (stat.kind !== 'file') return failure(`${path} is not a regular file`, `read_file refused: ${path}`);
    // Refused by size before a byte is read (E5).
    if (stat.size > MAX_FILE_BYTES) {
      return failure(`${path} is ${(stat.size / (1024 * 1024)).toFixed(1)} MB; files over ${MAX_FILE_BYTES / (1024 * 1024)} MB are not read. Use search_workspace to find the relevant lines.`, `read_file refused: ${path} is too large`);
    }
    const bytes = await port.readFile(realPath, resolved.checked);
    if (looksBinary(bytes)) return failure(`${path} looks like a binary file and is not read`, `read_file refused: ${path} is binary`);

    const lines = splitLines(new TextDecoder('utf-8').decode(bytes));
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // the final line break ends a line, it does not start one
    const total = lines.length;
    if (startLine > total) return failure(`${path} has ${total} line${total === 1 ? '' : 's'}; startLine ${startLine} is past its end`, `read_file: ${path} has ${total} lines`);
    const last = Math.min(endLine ?? total, total);
    // Redact from line 1, not from startLine: a private key that began above the range is still a key.
    const { lines: redacted, findings } = redactLines(lines.slice(0, last));

    const room = MAX_TOOL_OUTPUT_CHARS - FRAME_CHARS;
    const shown: string[] = [];
    let used = 0;
    let shownEnd = startLine - 1;
    for (let n = startLine; n <= last; n++) {
      const line = redacted[n - 1];
      if (used + line.length + 1 > room) {
        // One huge line (minified code) is cut rather than shown not at all.
        if (shown.length === 0) {
          shown.push(truncate(line, room));
          shownEnd = n;
        }
        break;
      }
      shown.push(line);
      used += line.length + 1;
      shownEnd = n;
    }

    const link = realPath !== path ? ` (a link to ${listedName(realPath)})` : '';
    const whole = startLine === 1 && shownEnd === total;
    const header = whole ? `${listedName(path)}${link}: ${total} line${total === 1 ? '' : 's'}` : `${listedName(path)}${link}: lines ${startLine}-${shownEnd} of ${total}`;
    const parts = [header, ...shown];
    if (shownEnd < last) parts.push(`[Output truncated after line ${shownEnd} to stay within ${formatCount(MAX_TOOL_OUTPUT_CHARS)} characters. Call read_file with startLine=${shownEnd + 1} to read on.]`);
    // The user is told when what went out was redacted; counts cover the lines read up to the range's end.
    const changed = redacted.slice(startLine - 1, shownEnd).some((line, i) => line !== lines[startLine - 1 + i]);
    const notice = changed ? redactionNotice(findings, path) : undefined;
    return {
      ok: true,
      output: parts.join('\n'),
      summary: whole ? `Read ${path}` : `Read ${path}, lines ${startLine}–${shownEnd}`,
      notices: notice ? [notice] : [],
    };
  },
};
