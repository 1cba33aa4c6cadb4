// File search over the workspace's documents: one vector store per workspace, kept in step by hash.
export { DEFAULT_INCLUDE, DEFAULT_INDEX_LIMITS, IndexUnavailableError, scanDocuments, sha256, uploadName, type IndexLimits, type Refusal, type ScanProgress, type ScanResult, type WorkspaceDocument } from './scan';
export { applySync, planSync, type SyncOptions, type SyncPlan, type SyncProgress, type SyncResult } from './sync';
export { CachedFileSearchState, emptyState, fileSearchHostedTool, fileSearchTool, JsonFileSearchStateStore, pathsByFileId, STATE_FILE_NAME, type FileSearchState, type FileSearchStateStore, type IndexedFile } from './state';
