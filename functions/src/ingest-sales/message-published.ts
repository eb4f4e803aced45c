import type { RawMessage } from '../core/index.js';

/** The `data` of a `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent (Eventarc). */
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
}

/** Why an envelope could not be read as a Pub/Sub message. */
export class InvalidEnvelopeError extends Error {
  override readonly name = 'InvalidEnvelopeError';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const stringOrNull = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/**
 * Reads the Pub/Sub message out of a messagePublished CloudEvent's data: the body bytes (base64 in
 * the envelope), id, publish time and attributes. Accepts both the camelCase and snake_case
 * spellings Eventarc sends. Throws {@link InvalidEnvelopeError} when there is no message to read.
 */
export function decodeMessagePublished(data: unknown): RawMessage {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidEnvelopeError('CloudEvent data is not a messagePublished object');
  }
  const message = (data as MessagePublishedData).message;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new InvalidEnvelopeError('CloudEvent data has no message');
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
