/** A mistake in how the command was called (bad flag value, missing option): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of the `salesflow` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
