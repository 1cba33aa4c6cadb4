// The attachment policy: what leaves the machine when a selection or file is attached (E1–E7, D2).
export { collectAttachments, recordSent, UNCHANGED_TEXT, type Candidate, type Collected, type CollectOptions, type Refusal } from './collect';
export { refusalOfRealLocation, type RealLocation } from './real-location';
export { DENY_RULES, matchDenyList, matchDenyListOutside, type DenyRule } from './deny-list';
export { IGNORE_FILE_NAME, normalizeRelPath, PathFilter, type FilterResult } from './ignore-file';
export { looksBinary, looksMinified, MAX_FILE_BYTES, MAX_FILE_CHARS, MAX_TURN_CHARS, truncate, truncationMarker } from './limits';
export { describeFinding, redactSecrets, SECRET_LABELS, type Finding, type RedactionResult, type SecretKind } from './redact';
export { SentFiles } from './sent-files';
export { contextItems, contextKey, type Proposed } from './preview';
export { RootsFilter, type NestedFolder, type PathPolicy } from './roots';
