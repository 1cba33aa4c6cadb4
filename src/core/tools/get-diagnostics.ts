// get_diagnostics: the problems VS Code reports, for one file or all of them.
import { redactSecrets, truncate } from '../attachments';
import { str } from './arguments';
import { TOOL_DEFINITIONS } from './definitions';
import { MAX_DIAGNOSTICS, MAX_TOOL_OUTPUT_CHARS } from './limits';
import { withheldNote } from './list-files';
import type { DiagnosticInfo } from './port';
import { failure, type ToolSpec } from './tool-context';
import { resolveMaybeMissing } from './workspace-paths';
import { listedName } from '../framing';

const SEVERITY_ORDER: Record<DiagnosticInfo['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

function format(d: DiagnosticInfo): string {
  const source = d.source ? ` [${d.source}${d.code ? ` ${d.code}` : ''}]` : '';
  return `${listedName(d.path)}:${d.line}:${d.column} ${d.severity}${source}: ${d.message.replace(/\s*[\r\n\u0085\u2028\u2029]\s*/g, ' ')}`;
}

export const getDiagnosticsTool: ToolSpec = {
  definition: TOOL_DEFINITIONS.find((d) => d.name === 'get_diagnostics')!,
  async run(args, { port, policy }) {
    const raw = str(args, 'path');
    let path: string | undefined;
    if (raw !== undefined) {
      const checked = await resolveMaybeMissing(port, policy, raw);
      if ('error' in checked) return failure(checked.error, `get_diagnostics refused: ${raw.slice(0, 200)}`);
      path = checked.path;
    }
    const all = await port.diagnostics(path);
    // Messages quote code ("Cannot find name 'API_KEY'…"), so a denied file's problems are withheld too (F2).
    const allowed = all.filter((d) => !policy.denies(d.path).denied);
    const withheld = all.length - allowed.length;
    allowed.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
    const shown = allowed.slice(0, MAX_DIAGNOSTICS);

    let redactions = 0;
    const lines = shown.map((d) => {
      const { text, findings } = redactSecrets(format(d));
      redactions += findings.reduce((n, f) => n + f.count, 0);
      return text;
    });
    const where = path ?? 'the workspace';
    const counts = (['error', 'warning', 'info', 'hint'] as const).map((s) => [s, allowed.filter((d) => d.severity === s).length] as const).filter(([, n]) => n > 0);
    const header = allowed.length === 0 ? `No problems reported in ${where}.` : `${allowed.length} problem${allowed.length === 1 ? '' : 's'} in ${where} (${counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ')}):`;
    const notes: string[] = [];
    if (allowed.length > shown.length) notes.push(`[Only the first ${shown.length} are shown.]`);
    const withheldLine = withheldNote(withheld, 'problem');
    if (withheldLine) notes.push(withheldLine);
    const footer = notes.join('\n');
    const body = truncate(lines.join('\n'), MAX_TOOL_OUTPUT_CHARS - header.length - footer.length - 2);
    return {
      ok: true,
      output: [header, body, footer].filter((s) => s !== '').join('\n'),
      summary: `Read ${allowed.length} problem${allowed.length === 1 ? '' : 's'} in ${where}`,
      notices: redactions > 0 ? [`Redacted ${redactions} likely secret${redactions === 1 ? '' : 's'} in diagnostics of ${where}`] : [],
    };
  },
};
