import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BRONZE_TABLES,
  CURRENCY_MINOR_UNITS,
  DATAFLOW_ERROR_TABLE,
  SALES_EVENTS_TABLE,
  SUBSCRIPTION_LANDING_TABLE,
  GENERATE_COMMAND,
  bigQuerySchema,
  attributesFor,
  contractArtefacts,
  duckDbDdl,
  roundToCurrency,
  validateMessage,
} from '../src/index.js';
import { NOW, example } from './support.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('derived artefacts', () => {
  it(`every file derived from the contract is current (\`${GENERATE_COMMAND}\` writes them)`, () => {
    const stale = Object.entries(contractArtefacts())
      .filter(([path, content]) => {
        const file = join(repositoryRoot, path);
        return !existsSync(file) || readFileSync(file, 'utf8') !== content;
      })
      .map(([path]) => path);
    expect(
      stale,
      `stale contract artefacts: ${stale.join(', ')} — run \`${GENERATE_COMMAND}\``,
    ).toEqual([]);
  });

  it('covers the JSON Schema, the field table, the Bronze schemas and dbt', () => {
    expect(Object.keys(contractArtefacts()).sort()).toEqual(
      [
        'contract/schemas/sales-event.v1.schema.json',
        'contract/schemas/sales-event.v1.fields.json',
        ...BRONZE_TABLES.map((table) => `contract/schemas/bigquery/bronze.${table.name}.json`),
        'dbt/macros/contract/sales_event_v1.sql',
        'dbt/macros/contract/event_shape.sql',
        'dbt/seeds/iso_currencies.csv',
      ].sort(),
    );
  });

  it('the JSON Schema knows every top-level field and forbids others', () => {
    const schema = JSON.parse(
      contractArtefacts()['contract/schemas/sales-event.v1.schema.json']!,
    ) as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['event_id', 'items', 'amounts', 'refund']),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).not.toContain('refund');
  });

  it('the Bronze tables carry the DESIGN columns and each partitions on one of its columns', () => {
    expect(SALES_EVENTS_TABLE.columns.map((c) => c.name)).toEqual([
      'event_id',
      'event_type',
      'event_time',
      'schema_version',
      'payload',
      'message_id',
      'publish_time',
      'attributes',
      'ingested_at',
      'ingest_path',
    ]);
    for (const table of BRONZE_TABLES) {
      expect(table.columns.map((c) => c.name)).toContain(table.partitionColumn);
      expect(duckDbDdl(table)).toMatch(
        new RegExp(`^CREATE TABLE IF NOT EXISTS bronze\\.${table.name} \\(`),
      );
    }
  });

  it('lays out the Dataflow dead-letter table as the template writes it, nested attributes included', () => {
    expect(
      bigQuerySchema(DATAFLOW_ERROR_TABLE).map(({ name, type, mode }) => [name, type, mode]),
    ).toEqual([
      ['timestamp', 'TIMESTAMP', 'REQUIRED'],
      ['payloadString', 'STRING', 'NULLABLE'],
      ['payloadBytes', 'BYTES', 'NULLABLE'],
      ['attributes', 'RECORD', 'REPEATED'],
      ['errorMessage', 'STRING', 'NULLABLE'],
      ['stacktrace', 'STRING', 'NULLABLE'],
    ]);
    expect(bigQuerySchema(DATAFLOW_ERROR_TABLE)[3]?.fields?.map((field) => field.name)).toEqual([
      'key',
      'value',
    ]);
    expect(duckDbDdl(DATAFLOW_ERROR_TABLE)).toContain(
      '"attributes" STRUCT("key" VARCHAR, "value" VARCHAR)[]',
    );
  });

  it('lays out the subscription landing table as Pub/Sub writes it with write_metadata (body as bytes)', () => {
    expect(
      SUBSCRIPTION_LANDING_TABLE.columns.map(({ name, type, mode }) => [name, type, mode]),
    ).toEqual([
      ['subscription_name', 'STRING', 'NULLABLE'],
      ['message_id', 'STRING', 'REQUIRED'],
      ['publish_time', 'TIMESTAMP', 'REQUIRED'],
      ['data', 'BYTES', 'NULLABLE'],
      ['attributes', 'JSON', 'NULLABLE'],
    ]);
    expect(SUBSCRIPTION_LANDING_TABLE.partitionColumn).toBe('publish_time');
  });
});

describe('helpers', () => {
  it('rounds to the currency precision', () => {
    expect(roundToCurrency(10.005, 'USD')).toBe(10.01);
    expect(roundToCurrency(1234.5, 'JPY')).toBe(1235);
    expect(roundToCurrency(1.2345, 'KWD')).toBe(1.235);
    expect(CURRENCY_MINOR_UNITS['JPY']).toBe(0);
  });

  it('builds the Pub/Sub attributes of DESIGN from an event', () => {
    const result = validateMessage(JSON.stringify(example('order-refunded-eur.json')), {
      now: NOW,
    });
    if (!result.ok) throw new Error('example must be valid');
    expect(attributesFor(result.event, 'generator')).toEqual({
      event_type: 'order_refunded',
      schema_version: '1',
      event_time: '2026-03-20T10:15:00+01:00',
      source: 'generator',
    });
  });
});
