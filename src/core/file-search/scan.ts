// Which workspace documents the vector store should hold, and the exact text to upload for each:
// files matching the configured globs that pass the path rules (deny list, `.assistantignore`,
// containment — E1, E2, F1), are text, not too big (E5), with likely secrets redacted (E3).
import { looksBinary, looksMinified, MAX_FILE_BYTES, redactSecrets } from '../attachments';
import { checkPathText, loadPathPolicy, resolveWorkspacePath } from '../tools/workspace-paths';
import type { WorkspacePort } from '../tools/port';
import { sha256 } from '../atomic-file';

export { sha256 };

export const DEFAULT_INCLUDE: readonly string[] = ['**/*.md', '**/README*', 'docs/**'];

export interface IndexLimits {
  /** Matching files beyond this many (in path order) are not indexed. */
  readonly maxFiles: number;
  /** A larger file is refused before it is read. */
  readonly maxFileBytes: number;
  /** All indexed files together; files past it are refused. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_INDEX_LIMITS: IndexLimits = { maxFiles: 500, maxFileBytes: MAX_FILE_BYTES, maxTotalBytes: 20 * 1024 * 1024 };

export interface WorkspaceDocument {
  /** Workspace-relative path, as listed. */
  readonly path: string;
  /** The file name the upload carries (see uploadName). */
  readonly uploadName: string;
  /** The text to upload: the file's text with secrets redacted. */
  readonly text: string;
  /** sha256 (hex) of `text`. */
  readonly hash: string;
  /** How many secrets were redacted from it. */
  readonly redactions: number;
}

export interface Refusal {
  readonly path: string;
  readonly reason: string;
}

export interface ScanResult {
  readonly documents: WorkspaceDocument[];
  readonly refused: Refusal[];
  /** More files matched than `maxFiles`; only the first ones (in path order) are in `documents`. */
  readonly capped: boolean;
}

export interface ScanProgress {
  readonly done: number;
  readonly total: number;
}

export class IndexUnavailableError extends Error {
  override readonly name = 'IndexUnavailableError';
}

// What OpenAI's file search accepts by extension. The upload is our redacted text, so any other
// text file (a README with no extension, .rst, .adoc, .yaml) is named `.txt` to be accepted.
const SEARCHABLE_EXTENSIONS = new Set(['c', 'cpp', 'cs', 'css', 'go', 'html', 'java', 'js', 'json', 'md', 'php', 'py', 'rb', 'sh', 'tex', 'ts', 'txt']);

/**
 * The name an upload carries: the whole workspace path (`docs/guide.md` → `docs__guide.md`), so
 * two READMEs stay apart in the model's citations, with `.txt` added when the extension is not
 * one file search accepts.
 */
export function uploadName(path: string): string {
  const flat = path.replace(/\//g, '__');
  const ext = /\.([A-Za-z0-9]+)$/.exec(flat)?.[1]?.toLowerCase();
  return ext && SEARCHABLE_EXTENSIONS.has(ext) ? flat : `${flat}.txt`;
}


function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Every file the globs match, once, in path order; bad globs are refused rather than resolved. */
async function listMatches(port: WorkspacePort, include: readonly string[], limit: number, signal: AbortSignal, refused: Refusal[]): Promise<string[]> {
  const found = new Set<string>();
  for (const raw of include) {
    const checked = checkPathText(raw, 'glob');
    if ('error' in checked) {
      refused.push({ path: raw, reason: checked.error });
      continue;
    }
    for (const path of await port.listFiles(checked.path, limit, signal)) found.add(path);
  }
  return [...found].sort();
}

/**
 * Lists, checks and reads the documents to index. Reads nothing the path rules deny: the checks
 * run on the listed name and on its real location (a symlink), before the disk is read.
 */
export async function scanDocuments(
  port: WorkspacePort,
  include: readonly string[],
  options: { readonly limits?: IndexLimits; readonly signal: AbortSignal; readonly progress?: (p: ScanProgress) => void },
): Promise<ScanResult> {
  const limits = options.limits ?? DEFAULT_INDEX_LIMITS;
  const { signal } = options;
  if (!port.isTrusted()) throw new IndexUnavailableError('Workspace documents are not indexed in an untrusted workspace.');
  if (port.folderNames().length === 0) throw new IndexUnavailableError('Open a folder to index its documents.');
  const refused: Refusal[] = [];
  const policy = await loadPathPolicy(port);
  // One more than the cap per glob, to know whether the cap cut anything off.
  const matches = await listMatches(port, include, limits.maxFiles + 1, signal, refused);
  const capped = matches.length > limits.maxFiles;
  const paths = matches.slice(0, limits.maxFiles);
  const documents: WorkspaceDocument[] = [];
  let totalBytes = 0;
  for (const [i, path] of paths.entries()) {
    signal.throwIfAborted();
    options.progress?.({ done: i, total: paths.length });
    const refuse = (reason: string) => refused.push({ path, reason });
    const resolved = await resolveWorkspacePath(port, policy, path);
    if ('error' in resolved) {
      refuse(resolved.error);
      continue;
    }
    const info = await port.stat(resolved.realPath);
    if (info?.kind !== 'file') continue; // gone since listed, or not a plain file
    if (info.size > limits.maxFileBytes) {
      refuse(`it is larger than ${megabytes(limits.maxFileBytes)}`);
      continue;
    }
    if (totalBytes + info.size > limits.maxTotalBytes) {
      refuse(`the documents together would exceed ${megabytes(limits.maxTotalBytes)}`);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await port.readFile(resolved.realPath, resolved.checked);
    } catch {
      refuse('it could not be read'); // by name only: Node's message holds the absolute path
      continue;
    }
    if (looksBinary(bytes)) {
      refuse('it is a binary file');
      continue;
    }
    const raw = new TextDecoder().decode(bytes);
    if (raw.trim() === '') {
      refuse('it is empty'); // the Files API rejects empty uploads
      continue;
    }
    if (looksMinified(raw)) {
      refuse('it looks minified or generated');
      continue;
    }
    totalBytes += info.size;
    const { text, findings } = redactSecrets(raw);
    documents.push({ path, uploadName: uploadName(path), text, hash: sha256(text), redactions: findings.reduce((n, f) => n + f.count, 0) });
  }
  options.progress?.({ done: paths.length, total: paths.length });
  return { documents, refused, capped };
}
