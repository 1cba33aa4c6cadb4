// Files the code interpreter made: found on the turn that made them, downloaded through the API
// (the container file content route; F10: never from a URL the model wrote), with a size cap.
import type OpenAI from 'openai';
import type { GeneratedFile, Turn } from '../../shared/turn';
import { IMAGE_TYPES, mimeTypeOf } from '../mime';

/** Larger files are refused rather than held in memory and posted to the panel. */
export const MAX_GENERATED_FILE_BYTES = 20 * 1024 * 1024;

/** The image type the panel may show (never SVG: it could carry script), or undefined. */
export function imageType(file: GeneratedFile): string | undefined {
  if (file.mimeType && IMAGE_TYPES.has(file.mimeType)) return file.mimeType;
  const guessed = mimeTypeOf(file.filename);
  return guessed && IMAGE_TYPES.has(guessed) ? guessed : undefined;
}

/** The file `fileId` of a code run of turn `turnId`: the panel can only name files its turns made. */
export function findGeneratedFile(turns: readonly Turn[], turnId: string, fileId: string): GeneratedFile | undefined {
  return turns.find((t) => t.id === turnId)?.codeRuns?.flatMap((r) => r.files ?? []).find((f) => f.fileId === fileId);
}

/** A name safe to save under: the base name only, no separators, control or reserved characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '_').replace(/^\.+/, '').trim();
  return cleaned.slice(0, 120) || 'output';
}

export async function downloadGeneratedFile(client: OpenAI, file: GeneratedFile, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await client.containers.files.content.retrieve(file.fileId, { container_id: file.containerId }, { signal });
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_GENERATED_FILE_BYTES) throw new Error(`${file.filename} is larger than ${MAX_GENERATED_FILE_BYTES / 1024 / 1024} MB`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_GENERATED_FILE_BYTES) throw new Error(`${file.filename} is larger than ${MAX_GENERATED_FILE_BYTES / 1024 / 1024} MB`);
  return bytes;
}
