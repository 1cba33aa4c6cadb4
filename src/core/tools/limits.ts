// The caps every tool call runs under (F5, F7, F8, F11). One place, so the numbers the model is
// told in the tool descriptions are the numbers enforced.

/** What one call returns to the model, at most; longer output is cut and marked (F8). */
export const MAX_TOOL_OUTPUT_CHARS = 20_000;
/**
 * Arguments longer than this are refused unread (F5). The six tools take a path, a glob or a
 * query: any genuine call is far below it.
 */
export const MAX_ARGUMENT_CHARS = 16_384;
/** One call is stopped after this long (F7). */
export const TOOL_TIME_LIMIT_MS = 10_000;
/** Per turn (F11). */
export const MAX_TOOL_CALLS_PER_TURN = 16;
export const MAX_TOOL_TIME_PER_TURN_MS = 60_000;

/** list_files shows at most this many paths. */
export const MAX_LISTED_FILES = 500;
/** search_workspace looks at no more files than this… */
export const MAX_SEARCHED_FILES = 2_000;
/** …skips files larger than this… */
export const MAX_SEARCHED_FILE_BYTES = 1024 * 1024;
/** …returns at most this many matching lines, each cut to this many characters… */
export const MAX_SEARCH_MATCHES = 100;
export const MAX_MATCH_LINE_CHARS = 200;
/** …and stops after this long, even inside a runaway regular expression. */
export const SEARCH_TIME_BUDGET_MS = 5_000;
/** A query longer than this is refused: long regular expressions are where backtracking hides. */
export const MAX_QUERY_CHARS = 300;
/** Globs and paths longer than this are refused. */
export const MAX_PATH_CHARS = 1_024;
/** get_diagnostics returns at most this many problems. */
export const MAX_DIAGNOSTICS = 200;
