import type { SalesEvent } from './event.js';

/** Pub/Sub attributes every sales-event message carries. */
export interface SalesEventAttributes {
  [key: string]: string;
  event_type: string;
  schema_version: string;
  event_time: string;
  source: string;
}

/** The Pub/Sub attributes for an event published by `source` (e.g. `generator`, `pos-eu-1`). */
export function attributesFor(event: SalesEvent, source: string): SalesEventAttributes {
  return {
    event_type: event.event_type,
    schema_version: String(event.schema_version),
    event_time: event.event_time,
    source,
  };
}
