/**
 * The shared ingestion core: one mapping from a raw Pub/Sub message to a Bronze row, used by the
 * Cloud Function and — bundled from the same sources — by the Dataflow JavaScript UDF.
 */
import type { BronzeEventRow, BronzeRejectedRow, IngestPath } from '../bronze.js';
import { validateMessageData } from './decode.js';
import { eventRow } from './row.js';

export { validateMessageData } from './decode.js';
export { validateText, validateValue } from './validate.js';
export { eventRow, type RowMetadata } from './row.js';

/** A message as the transport hands it over; null for metadata the transport does not carry. */
export interface RawMessage {
  data: Uint8Array | string;
  messageId: string | null;
  publishTime: string | null;
  attributes: Record<string, string> | null;
}

/** Where a message lands in Bronze. */
export type Landing =
  { kind: 'event'; row: BronzeEventRow } | { kind: 'rejected'; row: BronzeRejectedRow };

/**
 * Maps one raw message to its Bronze row: a `sales_events` row when it meets the contract, else a
 * `sales_events_rejected` row carrying the exact bytes (base64), the reject reason and every issue
 * as JSON text. Never throws for bad input.
 *
 * `payload` is `JSON.stringify` of the parsed event, so keys keep the producer's order;
 * `event_time` is normalised to UTC with milliseconds. `now` (epoch milliseconds, default: the
 * clock) bounds how far in the future `event_time` may lie.
 */
export function toBronze(
  message: RawMessage,
  ingestedAt: string,
  path: IngestPath,
  now?: number,
): Landing {
  const result = validateMessageData(message.data, now ?? Date.now());
  if (result.ok) {
    const row = eventRow(result.event, {
      messageId: message.messageId,
      publishTime: message.publishTime,
      attributes: message.attributes,
      ingestedAt,
      path,
    });
    return { kind: 'event', row };
  }
  const bytes =
    typeof message.data === 'string'
      ? Buffer.from(message.data, 'utf8')
      : Buffer.from(message.data);
  return {
    kind: 'rejected',
    row: {
      raw_data: bytes.toString('base64'),
      error_reason: result.reason,
      error_details: JSON.stringify(result.issues),
      message_id: message.messageId,
      publish_time: message.publishTime,
      attributes: message.attributes === null ? null : JSON.stringify(message.attributes),
      ingested_at: ingestedAt,
      ingest_path: path,
    },
  };
}
