import type { BronzeEventRow, BronzeRejectedRow } from '@salesflow/contract';
import { toBronze } from '@salesflow/contract/validation';
import { validEvent } from './corpus.js';

/** A `sales_events` row for a fresh valid event, as the ingest core builds it. */
export function eventRow(index: number, ingestedAt = new Date().toISOString()): BronzeEventRow {
  const landing = toBronze(
    {
      data: JSON.stringify(validEvent(index)),
      messageId: `m-${index}`,
      publishTime: ingestedAt,
      attributes: { source: 'test' },
    },
    ingestedAt,
    'function',
  );
  if (landing.kind !== 'event') throw new Error('expected a valid event');
  return landing.row;
}

/** A `sales_events_rejected` row for the given bytes. */
export function rejectedRow(
  bytes: Uint8Array,
  messageId: string,
  ingestedAt = new Date().toISOString(),
): BronzeRejectedRow {
  const landing = toBronze(
    { data: bytes, messageId, publishTime: null, attributes: null },
    ingestedAt,
    'function',
  );
  if (landing.kind !== 'rejected') throw new Error('expected a rejection');
  return landing.row;
}
