// list_files: the workspace's file paths, optionally narrowed by a glob.
import { truncate } from '../attachments';
import { str } from './arguments';
import { TOOL_DEFINITIONS } from './definitions';
import { MAX_LISTED_FILES, MAX_TOOL_OUTPUT_CHARS } from './limits';
import { failure, type ToolSpec } from './tool-context';
import { checkPathText } from './workspace-paths';
import { listedName } from '../framing';

/** More than are shown, so that withheld files do not eat into the listing. */
const SCAN_LIMIT = MAX_LISTED_FILES * 4;

export function withheldNote(count: number, what: string): string | undefined {
  return count > 0 ? `[${count} ${what}${count === 1 ? '' : 's'} withheld by the deny list or .assistantignore.]` : undefined;
}

/** A glob the model sent, checked like a path (no absolute, `..`, URIs, `~`, escapes), or undefined for "everything". */
export function checkGlob(raw: string | undefined): { glob: string | undefined } | { error: string } {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '**' || raw.trim() === '**/*') return { glob: undefined };
  const checked = checkPathText(raw.trim(), 'glob');
  return 'error' in checked ? checked : { glob: checked.path };
}

export const listFilesTool: ToolSpec = {
  definition: TOOL_DEFINITIONS.find((d) => d.name === 'list_files')!,
  async run(args, { port, policy, signal }) {
    if (port.folderNames().length === 0) return failure('no workspace folder is open', 'list_files: no folder open');
    const glob = checkGlob(str(args, 'glob'));
    if ('error' in glob) return failure(glob.error, 'list_files refused: bad glob');
    const found = await port.listFiles(glob.glob, SCAN_LIMIT, signal);
    const allowed = found.filter((p) => !policy.denies(p).denied).sort();
    const withheld = found.length - allowed.length;
    const shown = allowed.slice(0, MAX_LISTED_FILES);

    const notes: string[] = [];
    if (allowed.length > shown.length || found.length >= SCAN_LIMIT) notes.push(`[More files match than the ${shown.length} shown; use a narrower glob.]`);
    const withheldLine = withheldNote(withheld, 'file');
    if (withheldLine) notes.push(withheldLine);
    const header = shown.length === 0 ? `No files match${glob.glob ? ` "${glob.glob}"` : ''}.` : `${shown.length} file${shown.length === 1 ? '' : 's'}${glob.glob ? ` matching "${glob.glob}"` : ''}:`;
    const footer = notes.join('\n');
    const body = truncate(shown.map(listedName).join('\n'), MAX_TOOL_OUTPUT_CHARS - header.length - footer.length - 2);
    return {
      ok: true,
      output: [header, body, footer].filter((s) => s !== '').join('\n'),
      summary: `Listed ${shown.length} file${shown.length === 1 ? '' : 's'}${glob.glob ? ` matching ${glob.glob}` : ''}`,
      notices: withheld > 0 ? [`${withheld} file${withheld === 1 ? '' : 's'} withheld from a listing by the deny list or .assistantignore`] : [],
    };
  },
};
