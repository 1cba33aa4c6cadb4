// The function tools as the model sees them: name, description and a JSON schema for the
// arguments, in the shape the Responses API takes (`tools: [{ type: 'function', … }]`). The
// schemas are strict-mode schemas: every property is listed in `required`, optional ones accept
// `null`, and `additionalProperties` is false — so the model always sends every key.
import { MAX_FILE_BYTES } from '../attachments';
import { MAX_DIAGNOSTICS, MAX_LISTED_FILES, MAX_QUERY_CHARS, MAX_SEARCH_MATCHES, MAX_SEARCHED_FILE_BYTES, MAX_TOOL_OUTPUT_CHARS } from './limits';
import { formatCount } from '../../shared/numbers';

export type ToolName = 'read_file' | 'list_files' | 'search_workspace' | 'get_diagnostics' | 'get_selection' | 'get_git_diff';

type JsonType = 'string' | 'integer' | 'boolean';

export interface PropertySchema {
  readonly type: JsonType | readonly [JsonType, 'null'];
  readonly description: string;
  readonly minimum?: number;
}

export interface ParametersSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly required: readonly string[];
  readonly additionalProperties: false;
}

/** A `FunctionTool` of the Responses API. */
export interface FunctionToolDefinition {
  readonly type: 'function';
  readonly name: ToolName;
  readonly description: string;
  readonly parameters: ParametersSchema;
  readonly strict: true;
}

const PATHS =
  'Paths are relative to the workspace, with forward slashes (for example "src/app.ts"); when several folders are open, a path starts with the folder name (for example "backend/src/app.ts"), as list_files shows them.';
const WITHHELD = 'Files excluded by the deny list (credentials, keys, .env files, .git) or by the project\'s .assistantignore are never read, and the output only says how many were withheld.';
const SECRETS = 'Likely secrets (API keys, tokens, private keys) are replaced by [REDACTED: kind].';
const CAP = `Output is cut at ${formatCount(MAX_TOOL_OUTPUT_CHARS)} characters, with a marker where it was cut.`;

function tool(name: ToolName, description: string, properties: Record<string, PropertySchema>): FunctionToolDefinition {
  return {
    type: 'function',
    name,
    description,
    parameters: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false },
    strict: true,
  };
}

const text = (description: string): PropertySchema => ({ type: 'string', description });
const optional = (type: JsonType, description: string, minimum?: number): PropertySchema =>
  minimum === undefined ? { type: [type, 'null'], description } : { type: [type, 'null'], description, minimum };

export const TOOL_DEFINITIONS: readonly FunctionToolDefinition[] = [
  tool(
    'read_file',
    `Read a text file of the workspace. ${PATHS} Give startLine and endLine (1-based, inclusive) to read part of a long file; the output says which lines it shows and where to continue. Binary files and files over ${MAX_FILE_BYTES / (1024 * 1024)} MB are refused. ${WITHHELD} ${SECRETS} ${CAP}`,
    {
      path: text('Workspace-relative path of the file.'),
      startLine: optional('integer', 'First line to read (1-based), or null for the start of the file.', 1),
      endLine: optional('integer', 'Last line to read (1-based, inclusive), or null for the end of the file.', 1),
    },
  ),
  tool(
    'list_files',
    `List the files of the workspace, optionally only those matching a glob pattern such as "src/**/*.ts" or "**/package.json". ${PATHS} Files the user's files.exclude and search.exclude settings hide are left out. At most ${MAX_LISTED_FILES} paths are returned; narrow the glob to see more. ${WITHHELD}`,
    { glob: optional('string', 'Glob pattern relative to the workspace, or null for every file.') },
  ),
  tool(
    'search_workspace',
    `Search the text of the workspace's files, case-insensitively, and return matching lines as "path:line: text". The query is plain text unless isRegex is true (JavaScript regular expression syntax, at most ${MAX_QUERY_CHARS} characters; keep it simple, slow expressions are stopped). At most ${MAX_SEARCH_MATCHES} matching lines are returned; binary files and files over ${MAX_SEARCHED_FILE_BYTES / (1024 * 1024)} MB are skipped. ${PATHS} ${WITHHELD} ${SECRETS}`,
    {
      query: text('Text (or regular expression) to find.'),
      isRegex: optional('boolean', 'true to treat the query as a regular expression; null or false for plain text.'),
      glob: optional('string', 'Glob pattern limiting which files are searched (for example "src/**/*.py"), or null for all files.'),
    },
  ),
  tool(
    'get_diagnostics',
    `Get the problems (errors, warnings, hints) VS Code currently reports, for one file or for the whole workspace, as "path:line:column severity [source code]: message", errors first, at most ${MAX_DIAGNOSTICS}. ${PATHS} ${SECRETS}`,
    { path: optional('string', 'Workspace-relative path of one file, or null for every file.') },
  ),
  tool(
    'get_selection',
    `Get the text the user has selected in the active editor, with its file path and line range. Returns a note when nothing is selected. ${SECRETS} ${CAP}`,
    {},
  ),
  tool(
    'get_git_diff',
    `Get the uncommitted changes (working tree and staged, against HEAD) as a unified diff, for one file or for every changed file. Untracked files are not included. ${PATHS} ${WITHHELD} ${SECRETS} ${CAP}`,
    { path: optional('string', 'Workspace-relative path of one file, or null for every changed file.') },
  ),
];

export const TOOL_NAMES: readonly ToolName[] = TOOL_DEFINITIONS.map((d) => d.name);

/**
 * The tools offered to the model. None at all in an untrusted workspace (D2, G5): a tool the
 * model has never been told about cannot be talked into by a file it reads.
 */
export function availableTools(trusted: boolean): readonly FunctionToolDefinition[] {
  return trusted ? TOOL_DEFINITIONS : [];
}
