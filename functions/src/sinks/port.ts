import type { BronzeEventRow, BronzeRejectedRow, FxRateRow } from '@salesflow/contract';

/**
 * Where Bronze rows go. Every write resolves only once its rows are durably stored, and fails with
 * a {@link SinkError} saying whether a retry can help.
 */
export interface BronzeSink {
  /** Appends `bronze.sales_events` rows (at-least-once: duplicates are allowed). */
  writeEvents(rows: readonly BronzeEventRow[]): Promise<void>;
  /** Appends `bronze.sales_events_rejected` rows. */
  writeRejected(rows: readonly BronzeRejectedRow[]): Promise<void>;
  /** Upserts `bronze.fx_rates` rows: idempotent per (rate_date, base_currency, quote_currency). */
  writeFxRates(rows: readonly FxRateRow[]): Promise<void>;
  /** Flushes pending rows and releases resources. */
  close(): Promise<void>;
}

/** A sink failure. `transient` tells the caller whether the same write may succeed later. */
export abstract class SinkError extends Error {
  abstract readonly transient: boolean;
}

/** The store is unavailable, throttling or timing out: retry later (Pub/Sub redelivers). */
export class TransientSinkError extends SinkError {
  readonly transient = true;
  override readonly name = 'TransientSinkError';
}

/** The store refuses these rows for good (invalid value, missing table): retrying cannot help. */
export class PermanentSinkError extends SinkError {
  readonly transient = false;
  override readonly name = 'PermanentSinkError';
}

/** True for errors a retry may cure; unknown errors count as transient so nothing is dropped. */
export function isTransient(error: unknown): boolean {
  return !(error instanceof SinkError) || error.transient;
}
