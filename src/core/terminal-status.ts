// How a turn's final status reads (H9): every terminal status, every incomplete reason and every
// response error code the OpenAPI spec lists (ResponseErrorCode) gets its own words, so the user
// can tell them apart in the panel (which shows "<Status> · <statusDetail>", then the error box
// with its message, the server's words, the code and the request id).
import type { Turn, TurnError } from '../shared/turn';

type Patch = Pick<Turn, 'status' | 'statusDetail' | 'error'>;

/** `incomplete_details.reason` of a Response. */
const INCOMPLETE: Record<string, string> = {
  max_output_tokens: 'Stopped: the answer reached the output token limit.',
  content_filter: 'Stopped: the content filter held back the rest of the answer.',
};

interface CodeText {
  readonly kind: TurnError['kind'];
  readonly message: string;
  /** Worth pressing Retry with the same question. */
  readonly retryable: boolean;
}

const image = (what: string): CodeText => ({ kind: 'bad-request', message: `An image in the question ${what}.`, retryable: false });

/** `error.code` of a failed Response (ResponseErrorCode in the spec). */
const FAILED: Record<string, CodeText> = {
  server_error: { kind: 'server', message: 'The server had an error while writing the answer. Retry in a moment.', retryable: true },
  rate_limit_exceeded: { kind: 'rate-limit', message: 'The answer was stopped by a rate limit. Wait a moment and retry.', retryable: true },
  invalid_prompt: { kind: 'bad-request', message: 'The server refused the question as an invalid prompt (for example under its usage policies). Rephrase it and ask again.', retryable: false },
  data_residency_mismatch: { kind: 'permission', message: 'The request does not match the data residency settings of your OpenAI project.', retryable: false },
  bio_policy: { kind: 'bad-request', message: 'The server refused the question under its biosecurity policy.', retryable: false },
  vector_store_timeout: { kind: 'server', message: 'Searching the workspace documents timed out. Retry in a moment.', retryable: true },
  invalid_image: image('is not valid'),
  invalid_image_format: image('is in a format the model does not read'),
  invalid_base64_image: image('is not valid base64 data'),
  invalid_image_url: image('has an address the server cannot use'),
  image_too_large: image('is too large'),
  image_too_small: image('is too small'),
  image_parse_error: image('could not be read'),
  image_content_policy_violation: image('was refused under the content policy'),
  invalid_image_mode: image('has a colour mode the model does not read'),
  image_file_too_large: image('is in a file that is too large'),
  unsupported_image_media_type: image('has an unsupported media type'),
  empty_image_file: image('is an empty file'),
  failed_to_download_image: { kind: 'server', message: 'The server could not download an image in the question. Retry in a moment.', retryable: true },
  image_file_not_found: image('refers to a file the server does not have'),
};

export interface Finished {
  readonly status: Turn['status'];
  /** Why an incomplete response stopped (`incomplete_details.reason`). */
  readonly reason?: string;
  /** Why a failed response failed (`error`). */
  readonly error?: { readonly code: string; readonly message: string };
  readonly requestId?: string;
}

/** The status, detail and error a turn gets when its response reports a terminal status. */
export function describeFinished(f: Finished): Patch {
  switch (f.status) {
    case 'completed':
      return { status: 'completed', statusDetail: undefined, error: undefined };
    case 'incomplete':
      return { status: 'incomplete', statusDetail: (f.reason && INCOMPLETE[f.reason]) ?? `Stopped before the answer was complete${f.reason ? ` (${f.reason})` : ''}.`, error: undefined };
    case 'failed': {
      const code = f.error?.code ?? 'unknown';
      const known = FAILED[code] ?? { kind: 'unknown', message: 'The model could not finish the answer.', retryable: true };
      const error: TurnError = { kind: known.kind, message: known.message, code, detail: f.error?.message || undefined, requestId: f.requestId, retryable: known.retryable };
      return { status: 'failed', statusDetail: `Error code ${code}${f.requestId ? `, request ${f.requestId}` : ''}.`, error };
    }
    case 'cancelled':
      return { status: 'cancelled', statusDetail: 'Cancelled on the server before the answer finished.', error: undefined };
    case 'expired':
      return { status: 'expired', statusDetail: 'The server gave up on the answer before it started (it expired).', error: undefined };
    default:
      // A backend that ends on a non-terminal status: the stream ended without a final one.
      return { status: 'interrupted', statusDetail: 'The connection closed before the answer finished.', error: undefined };
  }
}

/** Words for the statuses the client itself decides (the user's Stop, the deadline, a cut stream). */
export const CLIENT_STATUS = {
  stopped: 'You stopped the answer.',
  interrupted: 'The connection closed before the answer finished.',
  reloaded: 'The window was reloaded before the answer finished.',
} as const;
