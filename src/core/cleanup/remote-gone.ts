// Deleting remote data is idempotent from the user's point of view: something that is already
// gone (deleted by another window, expired, removed in the dashboard) is what was asked for.
import { isSdkError } from '../sdk/sdk';

export function isNotFound(err: unknown): boolean {
  return isSdkError(err, 'NotFoundError');
}

export type DeleteOutcome = 'deleted' | 'gone';

/** Runs a delete call; a 404 counts as already gone, anything else is thrown. */
export async function deleteOrGone(remove: () => Promise<unknown>): Promise<DeleteOutcome> {
  try {
    await remove();
    return 'deleted';
  } catch (err) {
    if (isNotFound(err)) return 'gone';
    throw err;
  }
}
