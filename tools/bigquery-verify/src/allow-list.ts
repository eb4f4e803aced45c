/**
 * Statements this build of the analyzer rejects although BigQuery accepts them: features BigQuery
 * gained after the analyzer in `@fivetrandevelopers/zetasql` 1.13.0 was built (GROUP BY ALL,
 * MAX_BY/MIN_BY, JSON_KEYS, CONTAINS_SUBSTR, TIMESTAMP_BUCKET, pipe syntax, …).
 *
 * An entry matches one statement source (a dbt node or a hand-written query) AND the analyzer's
 * exact first message line, so it can never hide another mistake in the same model. Each says why
 * BigQuery accepts what the analyzer rejects. The list is empty while nothing needs it.
 */
import type { AllowRule } from './control-plane.js';

/** A known analyzer gap for one statement source. */
export interface AllowEntry {
  /** dbt unique_id (`model.salesflow.x`) or hand-written source (`docs/runbook.md#1`). */
  readonly source: string;
  /** The analyzer's first message line, exactly (`Function not found: max_by; …`). */
  readonly message: string;
  /** Why BigQuery accepts the statement (with the BigQuery documentation page). */
  readonly reason: string;
}

export const ALLOW_LIST: readonly AllowEntry[] = [];

/** The first line of an analyzer message (the caret lines follow it). */
export function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** An {@link AllowRule} over `entries`: the reason when source and message both match exactly. */
export function allowRule(entries: readonly AllowEntry[] = ALLOW_LIST): AllowRule {
  return (source, message) =>
    entries.find((entry) => entry.source === source && entry.message === firstLine(message))
      ?.reason;
}
