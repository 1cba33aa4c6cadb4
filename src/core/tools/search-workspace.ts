// search_workspace: text search over the workspace's files. VS Code has no stable text-search
// API for extensions, so this runs here, over the port's file listing and file reads — which also
// means every file searched goes through the same path checks as read_file (F1, F2).
import { looksBinary, truncate, type Finding } from '../attachments';
import { bool, str } from './arguments';
import { TOOL_DEFINITIONS } from './definitions';
import { MAX_MATCH_LINE_CHARS, MAX_QUERY_CHARS, MAX_SEARCH_MATCHES, MAX_SEARCHED_FILE_BYTES, MAX_SEARCHED_FILES, MAX_TOOL_OUTPUT_CHARS, SEARCH_TIME_BUDGET_MS } from './limits';
import { checkGlob, withheldNote } from './list-files';
import { redactionNotice, redactLines, splitLines } from './redact-lines';
import { RegexMatcher, type RegexHits } from './regex-matcher';
import { failure, type ToolContext, type ToolOutcome, type ToolSpec } from './tool-context';
import { resolveWorkspacePath } from './workspace-paths';
import { formatCount } from '../../shared/numbers';
import { listedName } from '../framing';

/** Only this much of each line is searched: minified one-liners would otherwise dominate. */
const MAX_SCANNED_LINE_CHARS = 10_000;

export interface SearchOptions {
  /** The search stops after this long; a regex still running then is stopped and reported. */
  readonly timeBudgetMs?: number;
}

/** The line around the match, cut to MAX_MATCH_LINE_CHARS with "…" where it was cut. */
function excerpt(line: string, at: number): string {
  const trimmed = line.trimEnd();
  if (trimmed.length <= MAX_MATCH_LINE_CHARS) return trimmed.trimStart();
  const start = Math.max(0, Math.min(at - Math.floor(MAX_MATCH_LINE_CHARS / 3), trimmed.length - MAX_MATCH_LINE_CHARS));
  const cut = trimmed.slice(start, start + MAX_MATCH_LINE_CHARS);
  return `${start > 0 ? '…' : ''}${cut}${start + MAX_MATCH_LINE_CHARS < trimmed.length ? '…' : ''}`;
}

interface Tally {
  matches: string[];
  withheld: number;
  skipped: number;
  searched: number;
  /** Files whose shown lines had secrets redacted, and what was redacted in each. */
  redacted: Array<{ file: string; findings: Finding[] }>;
}

export function createSearchTool(options: SearchOptions = {}): ToolSpec {
  const budget = options.timeBudgetMs ?? SEARCH_TIME_BUDGET_MS;
  return {
    definition: TOOL_DEFINITIONS.find((d) => d.name === 'search_workspace')!,
    async run(args, context) {
      const query = str(args, 'query') ?? '';
      const isRegex = bool(args, 'isRegex');
      if (query.trim() === '') return failure('the query is empty', 'search_workspace refused: empty query');
      if (query.length > MAX_QUERY_CHARS) return failure(`the query is ${query.length} characters long; at most ${MAX_QUERY_CHARS} are accepted`, 'search_workspace refused: query too long');
      if (isRegex) {
        try {
          new RegExp(query, 'i');
        } catch (err) {
          return failure(`invalid regular expression: ${(err as Error).message}`, 'search_workspace: invalid regular expression');
        }
      }
      const glob = checkGlob(str(args, 'glob'));
      if ('error' in glob) return failure(glob.error, 'search_workspace refused: bad glob');
      if (context.port.folderNames().length === 0) return failure('no workspace folder is open', 'search_workspace: no folder open');

      const deadline = Date.now() + budget;
      const matcher = isRegex ? new RegexMatcher(query, 'i') : undefined;
      try {
        return await search(query, matcher, glob.glob, deadline, budget, context);
      } finally {
        matcher?.dispose();
      }
    },
  };
}

async function search(query: string, matcher: RegexMatcher | undefined, glob: string | undefined, deadline: number, budget: number, { port, policy, signal }: ToolContext): Promise<ToolOutcome> {
  const files = await port.listFiles(glob, MAX_SEARCHED_FILES, signal);
  const allowed = files.filter((p) => !policy.denies(p).denied).sort();
  const tally: Tally = { matches: [], withheld: files.length - allowed.length, skipped: 0, searched: 0, redacted: [] };
  const needle = query.toLowerCase();
  let stopped: 'budget' | 'regex' | undefined;

  for (const file of allowed) {
    if (signal.aborted) break;
    if (Date.now() > deadline) {
      stopped = 'budget';
      break;
    }
    const resolved = await resolveWorkspacePath(port, policy, file);
    if ('error' in resolved) {
      // A link out of the workspace or to a denied file counts as withheld; a file gone since the listing does not count.
      if (!resolved.missing) tally.withheld++;
      continue;
    }
    const stat = await port.stat(resolved.realPath);
    if (!stat || stat.kind !== 'file') continue;
    if (stat.size > MAX_SEARCHED_FILE_BYTES) {
      tally.skipped++;
      continue;
    }
    const bytes = await port.readFile(resolved.realPath, resolved.checked);
    if (looksBinary(bytes)) continue;
    tally.searched++;
    const text = new TextDecoder('utf-8').decode(bytes);
    // Cheap rejection of most files before redaction; the match itself runs on the redacted text.
    if (!matcher && !text.toLowerCase().includes(needle)) continue;
    // Matching the redacted text, not the original: otherwise a regex could test a secret one
    // character at a time by whether the line matches (E3).
    const original = splitLines(text);
    const { lines, findings } = redactLines(original);
    const scanned = lines.map((l) => (l.length > MAX_SCANNED_LINE_CHARS ? l.slice(0, MAX_SCANNED_LINE_CHARS) : l));
    let hits: RegexHits | 'timeout';
    if (matcher) {
      hits = await matcher.match(scanned, deadline, signal);
    } else {
      hits = [];
      for (let i = 0; i < scanned.length; i++) {
        const at = scanned[i].toLowerCase().indexOf(needle);
        if (at >= 0) hits.push([i, at]);
      }
    }
    if (hits === 'timeout') {
      stopped = signal.aborted ? undefined : 'regex';
      break;
    }
    const shown = hits.slice(0, MAX_SEARCH_MATCHES - tally.matches.length);
    for (const [i, at] of shown) tally.matches.push(`${listedName(file)}:${i + 1}: ${excerpt(lines[i], at)}`);
    if (findings.length > 0 && shown.some(([i]) => lines[i] !== original[i])) tally.redacted.push({ file, findings });
    if (tally.matches.length >= MAX_SEARCH_MATCHES) break;
  }
  return report(query, tally, stopped, budget, files.length >= MAX_SEARCHED_FILES);
}

function report(query: string, tally: Tally, stopped: 'budget' | 'regex' | undefined, budget: number, tooManyFiles: boolean): ToolOutcome {
  const shown = JSON.stringify(query.length > 60 ? `${query.slice(0, 60)}…` : query);
  const seconds = `${formatCount(budget / 1000)} s`;
  if (stopped === 'regex') {
    return failure(`the regular expression ran for over ${seconds} and was stopped${tally.matches.length ? ` after ${tally.matches.length} matches` : ''}; use a simpler expression (avoid nested quantifiers such as (a+)+) or plain text`, `search_workspace: regular expression stopped after ${seconds}`);
  }
  const notes: string[] = [];
  if (tally.matches.length >= MAX_SEARCH_MATCHES) notes.push(`[Only the first ${MAX_SEARCH_MATCHES} matching lines are shown; narrow the query or the glob.]`);
  if (stopped === 'budget') notes.push(`[The search stopped after ${seconds}; results are incomplete. Narrow the glob to search fewer files.]`);
  if (tooManyFiles) notes.push(`[Only the first ${MAX_SEARCHED_FILES} files were searched; narrow the glob.]`);
  if (tally.skipped > 0) notes.push(`[${tally.skipped} file${tally.skipped === 1 ? '' : 's'} over ${MAX_SEARCHED_FILE_BYTES / (1024 * 1024)} MB not searched.]`);
  const withheld = withheldNote(tally.withheld, 'file');
  if (withheld) notes.push(withheld);

  const header = tally.matches.length === 0 ? `No matches for ${shown} in ${tally.searched} files.` : `${tally.matches.length} matching line${tally.matches.length === 1 ? '' : 's'} for ${shown}:`;
  const footer = notes.join('\n');
  const body = truncate(tally.matches.join('\n'), MAX_TOOL_OUTPUT_CHARS - header.length - footer.length - 2);
  const notices: string[] = [];
  for (const { file, findings } of tally.redacted) {
    const n = redactionNotice(findings, file);
    if (n) notices.push(n);
  }
  if (tally.withheld > 0) notices.push(`${tally.withheld} file${tally.withheld === 1 ? '' : 's'} withheld from a search by the deny list or .assistantignore`);
  return {
    ok: true,
    output: [header, body, footer].filter((s) => s !== '').join('\n'),
    summary: `Searched for ${shown}: ${tally.matches.length} match${tally.matches.length === 1 ? '' : 'es'}`,
    notices,
  };
}
