import { SCHEMA_VERSION, type SalesEventAttributes } from '@salesflow/contract';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MAX_ATTRIBUTE_CHARS = 128;

/**
 * Pub/Sub attributes for a message. A known event (a generated valid message) gets the contract's
 * attributes, as `attributesFor` gives them; raw bytes get the
 * best effort — whatever of `event_type`, `schema_version` and `event_time` can be read — and always
 * `source`, so even a broken message can be traced to its producer.
 */
export function messageAttributes(
  data: Buffer,
  source: string,
  known?: { readonly eventType: string | undefined; readonly eventTime: string | undefined },
): Record<string, string> {
  if (known?.eventType !== undefined && known.eventTime !== undefined) {
    const attributes: SalesEventAttributes = {
      event_type: known.eventType,
      schema_version: String(SCHEMA_VERSION),
      event_time: known.eventTime,
      source,
    };
    return attributes;
  }
  const attributes: Record<string, string> = {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(data));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const fields = parsed as Record<string, unknown>;
    for (const key of ['event_type', 'schema_version', 'event_time'] as const) {
      const value = fields[key];
      if (
        (typeof value === 'string' || typeof value === 'number') &&
        String(value).length <= MAX_ATTRIBUTE_CHARS
      ) {
        attributes[key] = String(value);
      }
    }
  }
  attributes['source'] = source;
  return attributes;
}
