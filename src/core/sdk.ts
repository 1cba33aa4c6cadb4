// The openai SDK, evaluated on first use instead of when the extension loads: it is most of the
// bundle's start-up cost, and most activations (a command that opens the panel, a restored panel)
// do not call the API yet. esbuild bundles a `require` in a function as a module initialised on its
// first call. Types come from `import type` as usual.
type Sdk = typeof import('openai');

let loaded: Sdk | undefined;

export function sdk(): Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (activation time)
  return (loaded ??= require('openai') as Sdk);
}
