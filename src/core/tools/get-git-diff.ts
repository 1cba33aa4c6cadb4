// get_git_diff: uncommitted changes against HEAD, through the port (the host uses VS Code's git extension).
import { truncate } from '../attachments';
import { str } from './arguments';
import { TOOL_DEFINITIONS } from './definitions';
import { MAX_TOOL_OUTPUT_CHARS } from './limits';
import { withheldNote } from './list-files';
import { redactionNotice, redactLines, splitLines } from './redact-lines';
import { failure, type ToolSpec } from './tool-context';
import { resolveMaybeMissing } from './workspace-paths';

export const getGitDiffTool: ToolSpec = {
  definition: TOOL_DEFINITIONS.find((d) => d.name === 'get_git_diff')!,
  async run(args, { port, policy, signal }) {
    const raw = str(args, 'path');
    let path: string | undefined;
    if (raw !== undefined) {
      // A deleted file has a diff but no real path: the name is still checked against the rules.
      const checked = await resolveMaybeMissing(port, policy, raw);
      if ('error' in checked) return failure(checked.error, `get_git_diff refused: ${raw.slice(0, 200)}`);
      path = checked.path;
    }
    if (port.folderNames().length === 0) return failure('no workspace folder is open', 'get_git_diff: no folder open');
    const diffs = await port.gitDiff(path, signal);
    // A diff carries the file's old and new contents: a denied file's diff is withheld whole (F2).
    const allowed = diffs.filter((d) => !policy.denies(d.path).denied);
    const withheld = diffs.length - allowed.length;
    const where = path ?? 'the workspace';
    const notices: string[] = [];
    const parts = allowed.map((d) => {
      const { lines, findings } = redactLines(splitLines(d.diff.replace(/\n$/, '')));
      const notice = redactionNotice(findings, `the diff of ${d.path}`);
      if (notice) notices.push(notice);
      return lines.join('\n');
    });
    const footer = withheldNote(withheld, 'changed file') ?? '';
    if (withheld > 0) notices.push(`${withheld} changed file${withheld === 1 ? '' : 's'} withheld from a diff by the deny list or .assistantignore`);
    const header = allowed.length === 0 ? `No uncommitted changes in ${where}${withheld ? ' that can be shown' : ''}.` : `Uncommitted changes in ${where} (${allowed.length} file${allowed.length === 1 ? '' : 's'}):`;
    const body = truncate(parts.join('\n'), MAX_TOOL_OUTPUT_CHARS - header.length - footer.length - 2);
    return {
      ok: true,
      output: [header, body, footer].filter((s) => s !== '').join('\n'),
      summary: `Read the git diff of ${where}: ${allowed.length} file${allowed.length === 1 ? '' : 's'}`,
      notices,
    };
  },
};
