// The openai SDK is two thirds of the extension's code. Evaluated at activation, it more than
// doubled the time VS Code counts for activating, for a user who has not asked anything yet; so it
// is loaded on first use instead: in the packaged extension from a bundle of its own, dist/openai.js
// (esbuild.js maps `./exports` there), under test from node_modules. Every runtime use of the SDK
// goes through here (a lint rule keeps it so); elsewhere it is imported for its types only.
import type * as Exports from './exports';

export type Sdk = typeof Exports;

/** The names of the SDK's error classes the extension tells apart. */
export type SdkErrorName = {
  [K in keyof Sdk]: Sdk[K] extends abstract new (...args: never[]) => Error ? (K extends 'OpenAI' ? never : K) : never;
}[keyof Sdk];

let loaded: Sdk | undefined;

/** The SDK, loaded on the first call. */
export function sdk(): Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at activation
  return (loaded ??= require('./exports') as Sdk);
}

/** Whether the SDK has been loaded in this process (the activation log says, see bench/). */
export function sdkLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * Whether `err` is one of the SDK's errors (`name` or a subclass of it). Loading the SDK to answer
 * costs nothing the user notices: errors are classified after a request, so it is loaded already.
 */
export function isSdkError<N extends SdkErrorName>(err: unknown, name: N): err is InstanceType<Sdk[N]> {
  return err instanceof Error && err instanceof sdk()[name];
}
