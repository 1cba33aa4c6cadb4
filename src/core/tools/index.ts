// The function tools the model may call (F1–F11), written against the WorkspacePort the host implements.
export { availableTools, TOOL_DEFINITIONS, TOOL_NAMES, type FunctionToolDefinition, type ToolName } from './definitions';
export * from './limits';
export { ToolUnavailableError, type DiagnosticInfo, type FileDiff, type FileStat, type SelectionInfo, type WorkspacePort } from './port';
export { BUILT_IN_TOOLS, runToolCall, type ConfirmRequest, type RunToolCallOptions, type ToolCall, type ToolCallResult } from './run-tool-call';
export { createSearchTool, type SearchOptions } from './search-workspace';
export { ToolBudget, type BudgetDecision, type ToolBudgetOptions } from './tool-budget';
export type { ToolContext, ToolOutcome, ToolSpec } from './tool-context';
export { checkPathText, loadPathPolicy, resolveWorkspacePath } from './workspace-paths';
export { readChecked } from './read-checked';
