import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { scrub } from '../core/secrets/scrub';

export function loggerFor(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m) => channel.trace(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}

const scrubArg = (arg: unknown): unknown => (typeof arg === 'string' ? scrub(arg) : arg instanceof Error ? scrubError(arg) : arg);

function scrubError(err: Error): Error {
  const copy = new Error(scrub(err.message));
  copy.name = err.name;
  if (err.stack) copy.stack = scrub(err.stack);
  return copy;
}

/**
 * The log channel with every line scrubbed of keys and URL credentials (C1, C6): whatever a caller
 * logs — a server's error text, a URL as typed — the log never holds a key.
 */
export function scrubbedChannel(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return {
    get name() { return channel.name; },
    get logLevel() { return channel.logLevel; },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: (message, ...args) => channel.trace(scrub(message), ...args.map(scrubArg)),
    debug: (message, ...args) => channel.debug(scrub(message), ...args.map(scrubArg)),
    info: (message, ...args) => channel.info(scrub(message), ...args.map(scrubArg)),
    warn: (message, ...args) => channel.warn(scrub(message), ...args.map(scrubArg)),
    error: (error, ...args) => channel.error(typeof error === 'string' ? scrub(error) : scrubError(error), ...args.map(scrubArg)),
    append: (value) => channel.append(scrub(value)),
    appendLine: (value) => channel.appendLine(scrub(value)),
    replace: (value) => channel.replace(scrub(value)),
    clear: () => channel.clear(),
    show: (a?: vscode.ViewColumn | boolean, b?: boolean) => (typeof a === 'boolean' || a === undefined ? channel.show(a) : channel.show(a, b)),
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
}
