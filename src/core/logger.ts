// The core logs through this interface; the host backs it with a LogOutputChannel.
// Callers pass ids, statuses and error codes — never prompts, file contents or keys (C6).
export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace() {},
  info() {},
  warn() {},
  error() {},
};
