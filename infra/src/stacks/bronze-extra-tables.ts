/**
 * Bronze tables whose layout is dictated by a Google product rather than by our contract.
 */

/** A BigQuery schema field, including the nested kinds the contract's Bronze tables never need. */
export interface ExternalField {
  readonly name: string;
  readonly type: 'STRING' | 'BYTES' | 'TIMESTAMP' | 'RECORD';
  readonly mode: 'REQUIRED' | 'NULLABLE' | 'REPEATED';
  readonly description: string;
  readonly fields?: readonly ExternalField[];
}

/**
 * `bronze.sales_events_error_records`: the dead-letter table of `PubSub_to_BigQuery_Flex`, with the
 * template's own schema (pubsubmessage_deadletter_table_schema.json).
 */
export const DATAFLOW_ERROR_TABLE = {
  name: 'sales_events_error_records',
  description:
    "Messages the Dataflow template or our UDF could not write; the template's own layout.",
  partitionColumn: 'timestamp',
  fields: [
    {
      name: 'timestamp',
      type: 'TIMESTAMP',
      mode: 'REQUIRED',
      description: 'When the failure happened.',
    },
    {
      name: 'payloadString',
      type: 'STRING',
      mode: 'NULLABLE',
      description: 'Message body as text.',
    },
    {
      name: 'payloadBytes',
      type: 'BYTES',
      mode: 'NULLABLE',
      description: 'Message body as bytes.',
    },
    {
      name: 'attributes',
      type: 'RECORD',
      mode: 'REPEATED',
      description: 'Pub/Sub attributes.',
      fields: [
        { name: 'key', type: 'STRING', mode: 'NULLABLE', description: 'Attribute name.' },
        { name: 'value', type: 'STRING', mode: 'NULLABLE', description: 'Attribute value.' },
      ],
    },
    {
      name: 'errorMessage',
      type: 'STRING',
      mode: 'NULLABLE',
      description: 'Why the write failed.',
    },
    { name: 'stacktrace', type: 'STRING', mode: 'NULLABLE', description: 'Where it failed.' },
  ],
} as const satisfies {
  name: string;
  description: string;
  partitionColumn: string;
  fields: readonly ExternalField[];
};

/**
 * `bronze.sales_events_subscription`: the landing table of the Pub/Sub BigQuery subscription with
 * `write_metadata`, the layout Pub/Sub writes (no contract validation happens on this path).
 */
export const SUBSCRIPTION_LANDING_TABLE = {
  name: 'sales_events_subscription',
  description:
    'Raw messages written by the Pub/Sub BigQuery subscription (message body as text plus Pub/Sub metadata); Silver parses and validates them.',
  partitionColumn: 'publish_time',
  fields: [
    {
      name: 'subscription_name',
      type: 'STRING',
      mode: 'NULLABLE',
      description: 'Subscription that wrote the row.',
    },
    { name: 'message_id', type: 'STRING', mode: 'NULLABLE', description: 'Pub/Sub message id.' },
    {
      name: 'publish_time',
      type: 'TIMESTAMP',
      mode: 'NULLABLE',
      description: 'When Pub/Sub accepted the message.',
    },
    { name: 'data', type: 'STRING', mode: 'NULLABLE', description: 'Message body (UTF-8 text).' },
    {
      name: 'attributes',
      type: 'STRING',
      mode: 'NULLABLE',
      description: 'Message attributes as a JSON object.',
    },
  ],
} as const satisfies {
  name: string;
  description: string;
  partitionColumn: string;
  fields: readonly ExternalField[];
};
