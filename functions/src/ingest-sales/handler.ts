import type { CloudEvent } from '@google-cloud/functions-framework';
import type { BronzeRejectedRow } from '@salesflow/contract';
import { toBronze, type Landing, type RawMessage } from '@salesflow/contract/validation';
import { traceFields, type Logger } from '../logging/logger.js';
import { isTransient, type BronzeSink } from '../sinks/port.js';
import {
  decodeMessagePublished,
  envelopeMessageId,
  envelopeOf,
  InvalidEnvelopeError,
} from './message-published.js';

/** What `ingestSales` needs from the outside world. */
export interface IngestPorts {
  sink: BronzeSink;
  clock: () => Date;
  log: Logger;
  /** GCP project, for trace links in logs. */
  projectId?: string | undefined;
}

/** Where one message ended up. */
export type IngestOutcome =
  { kind: 'event'; eventId: string } | { kind: 'rejected'; reason: string };

/** Reject reason when the request carries no readable Pub/Sub message. */
export const INVALID_ENVELOPE = 'invalid_envelope';
/** Reject reason when the warehouse refused a contract-valid event for good (e.g. a value out of range). */
export const SINK_REJECTED = 'sink_rejected';

/**
 * Lands one Pub/Sub message in Bronze: a push of the `sales-events-ingest` subscription, which the
 * Functions Framework hands over as a messagePublished CloudEvent (see {@link envelopeOf}).
 *
 * - valid event → `sales_events`; poison message → `sales_events_rejected`; either way the promise
 *   resolves and the push is acknowledged, so a poison message is never redelivered.
 * - the sink is unavailable ({@link TransientSinkError}) → the promise rejects, Pub/Sub redelivers
 *   (retry policy on) and dead-letters after the maximum number of attempts.
 * - the sink refuses a valid event for good → it is kept as a rejected row (`sink_rejected`) with
 *   the sink's message, because redelivering would fail the same way every time.
 */
export async function handleMessage(
  cloudEvent: CloudEvent<unknown>,
  ports: IngestPorts,
): Promise<IngestOutcome> {
  const now = ports.clock();
  const ingestedAt = now.toISOString();
  const envelope = envelopeOf(cloudEvent);
  let landing: Landing;
  let message: RawMessage | undefined;
  try {
    message = decodeMessagePublished(envelope);
    landing = toBronze(message, ingestedAt, 'function', now.getTime());
  } catch (error) {
    if (!(error instanceof InvalidEnvelopeError)) throw error;
    landing = {
      kind: 'rejected',
      row: envelopeRejection(cloudEvent, envelope, error, ingestedAt),
    };
  }
  // The request's own trace (Cloud Run sets one) first; else the publisher's, which Pub/Sub's
  // OpenTelemetry propagation carries in a message attribute.
  const trace = traceFields(
    cloudEvent.traceparent ?? message?.attributes?.['googclient_traceparent'],
    ports.projectId,
  );

  if (landing.kind === 'event') {
    const row = landing.row;
    try {
      await ports.sink.writeEvents([row]);
      ports.log.log('DEBUG', 'event landed', {
        ...trace,
        event_id: row.event_id,
        message_id: row.message_id,
      });
      return { kind: 'event', eventId: row.event_id };
    } catch (error) {
      if (isTransient(error)) throw logged(ports, error, trace, row.message_id);
      landing = {
        kind: 'rejected',
        row: {
          raw_data: Buffer.from(message?.data ?? row.payload).toString('base64'),
          error_reason: SINK_REJECTED,
          error_details: JSON.stringify([
            { path: '$', code: SINK_REJECTED, message: (error as Error).message },
          ]),
          message_id: row.message_id,
          publish_time: row.publish_time,
          attributes: row.attributes,
          ingested_at: row.ingested_at,
          ingest_path: row.ingest_path,
        },
      };
    }
  }

  const rejected = landing.row;
  try {
    await ports.sink.writeRejected([rejected]);
  } catch (error) {
    // Even a permanent refusal is thrown here: the message is then dead-lettered, never dropped.
    throw logged(ports, error, trace, rejected.message_id);
  }
  ports.log.log('WARNING', 'message rejected', {
    ...trace,
    message_id: rejected.message_id,
    reason: rejected.error_reason,
    issues:
      rejected.error_details === null
        ? null
        : (JSON.parse(rejected.error_details) as unknown[]).slice(0, 5),
  });
  return { kind: 'rejected', reason: rejected.error_reason };
}

function logged(
  ports: IngestPorts,
  error: unknown,
  trace: Record<string, unknown>,
  messageId: string | null,
): unknown {
  ports.log.log('ERROR', 'Bronze write failed; the message will be redelivered', {
    ...trace,
    message_id: messageId,
    error: error instanceof Error ? error.message : String(error),
    transient: isTransient(error),
  });
  return error;
}

function envelopeRejection(
  cloudEvent: CloudEvent<unknown>,
  envelope: unknown,
  error: Error,
  ingestedAt: string,
): BronzeRejectedRow {
  // With no envelope at all, what the function was handed is the only record of the request.
  const kept = envelope ?? cloudEvent;
  return {
    raw_data: Buffer.from(JSON.stringify(kept), 'utf8').toString('base64'),
    error_reason: INVALID_ENVELOPE,
    error_details: JSON.stringify([{ path: '$', code: INVALID_ENVELOPE, message: error.message }]),
    message_id: cloudEvent.id ?? envelopeMessageId(envelope),
    publish_time: null,
    attributes: null,
    ingested_at: ingestedAt,
    ingest_path: 'function',
  };
}
