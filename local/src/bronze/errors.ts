import {
  PermanentSinkError,
  TransientSinkError,
  type SinkError,
} from '@salesflow/functions/sinks/port';

const DATA_ERRORS =
  /^(Conversion Error|Invalid Input Error|Constraint Error|Binder Error|Parser Error)/;

/** Classifies a DuckDB or file-system error: bad data is permanent, everything else transient. */
export function classifyDuckDbError(error: unknown, context: string): SinkError {
  const message = error instanceof Error ? error.message : String(error);
  const text = `${context}: ${message}`;
  return DATA_ERRORS.test(message)
    ? new PermanentSinkError(text, { cause: error })
    : new TransientSinkError(text, { cause: error });
}

/** True when DuckDB refused to open a database file because another process holds its lock. */
export function isLockConflict(error: unknown): boolean {
  return error instanceof Error && /Could not set lock|Conflicting lock/i.test(error.message);
}
