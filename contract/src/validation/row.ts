/**
 * The mapping of a valid event to its `bronze.sales_events` row — one definition for every ingest
 * path, so the function and the Dataflow UDF write identical rows.
 */
import type { BronzeEventRow, IngestPath } from '../bronze.js';
import type { SalesEvent } from '../event.js';
import { epochMillis } from './timestamp.js';

/** What the transport knows about a message, beside its body. */
export interface RowMetadata {
  readonly messageId: string | null;
  readonly publishTime: string | null;
  readonly attributes: Readonly<Record<string, string>> | null;
  readonly ingestedAt: string;
  readonly path: IngestPath;
}

/**
 * The Bronze row of a valid event. `payload` is `JSON.stringify` of the parsed message: the
 * producer's key order, no insignificant whitespace. Every engine writes the same text for it,
 * because a valid event holds no lone surrogates (the contract rejects them in text), the one
 * case where older engines' `JSON.stringify` differs. `event_time` is normalised to UTC with
 * milliseconds (`toISOString`).
 */
export function eventRow(event: SalesEvent, metadata: RowMetadata): BronzeEventRow {
  return {
    event_id: event.event_id,
    event_type: event.event_type,
    event_time: new Date(epochMillis(event.event_time)).toISOString(),
    schema_version: event.schema_version,
    payload: JSON.stringify(event),
    message_id: metadata.messageId,
    publish_time: metadata.publishTime,
    attributes: metadata.attributes === null ? null : JSON.stringify(metadata.attributes),
    ingested_at: metadata.ingestedAt,
    ingest_path: metadata.path,
  };
}
