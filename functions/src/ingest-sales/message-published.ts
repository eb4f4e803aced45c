import type { CloudEvent } from '@google-cloud/functions-framework';
import type { RawMessage } from '@salesflow/contract/validation';

/**
 * What carries one Pub/Sub message to `ingestSales`: the wrapped body of a push request
 * (`{message, subscription, deliveryAttempt}`), or the `data` of the
 * `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent the Functions Framework makes of it
 * (`{message: {'@type', data, attributes, messageId, publishTime}}`: the framework keeps only
 * those message fields and drops `subscription` and `deliveryAttempt`).
 */
export interface MessagePublishedData {
  message?: {
    data?: string;
    messageId?: string;
    message_id?: string;
    publishTime?: string;
    publish_time?: string;
    attributes?: Record<string, string>;
    orderingKey?: string;
  };
  subscription?: string;
  deliveryAttempt?: number;
}

/** Why an envelope could not be read as a Pub/Sub message. */
export class InvalidEnvelopeError extends Error {
  override readonly name = 'InvalidEnvelopeError';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const stringOrNull = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/**
 * The envelope of the message a CloudEvent function was handed. The Functions Framework turns a
 * push body into a messagePublished CloudEvent only when its message has both `data` and
 * `messageId`; any other push body (e.g. a message with attributes and no data) reaches the
 * function as it was posted, with the envelope at the top level and no `data`.
 */
export function envelopeOf(cloudEvent: CloudEvent<unknown>): unknown {
  if (typeof cloudEvent !== 'object' || cloudEvent === null) return undefined;
  if (cloudEvent.data !== undefined) return cloudEvent.data;
  return 'message' in cloudEvent || 'subscription' in cloudEvent ? cloudEvent : undefined;
}

/** The message id of an envelope, if it has a readable one. */
export function envelopeMessageId(envelope: unknown): string | null {
  if (typeof envelope !== 'object' || envelope === null) return null;
  const message = (envelope as MessagePublishedData).message;
  if (typeof message !== 'object' || message === null) return null;
  return stringOrNull(message.messageId) ?? stringOrNull(message.message_id);
}

/**
 * Reads the Pub/Sub message out of its envelope (see {@link envelopeOf}): the body bytes (base64
 * in the envelope), id, publish time and attributes. Accepts both the camelCase and snake_case
 * spellings Pub/Sub push sends. Throws {@link InvalidEnvelopeError} when there is no message to read.
 */
export function decodeMessagePublished(data: unknown): RawMessage {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidEnvelopeError('the request carries no Pub/Sub push envelope');
  }
  const message = (data as MessagePublishedData).message;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new InvalidEnvelopeError('the push envelope has no message');
  }
  const encoded = message.data ?? '';
  if (typeof encoded !== 'string' || encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
    throw new InvalidEnvelopeError('message.data is not base64');
  }
  const attributes = message.attributes;
  const validAttributes =
    typeof attributes === 'object' &&
    attributes !== null &&
    !Array.isArray(attributes) &&
    Object.values(attributes).every((value) => typeof value === 'string');
  return {
    data: new Uint8Array(Buffer.from(encoded, 'base64')),
    messageId: stringOrNull(message.messageId) ?? stringOrNull(message.message_id),
    publishTime: normaliseTimestamp(
      stringOrNull(message.publishTime) ?? stringOrNull(message.publish_time),
    ),
    attributes: validAttributes ? attributes : null,
  };
}

/** RFC 3339 → canonical UTC; an unparsable publish time is dropped rather than failing the row. */
function normaliseTimestamp(value: string | null): string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
