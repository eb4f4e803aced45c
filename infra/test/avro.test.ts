import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import {
  EVENT_TYPES,
  PAYMENT_METHODS,
  SalesEventShape,
  salesEventAvroSchema,
} from '@salesflow/contract';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';

const examplesDir = join(
  dirname(createRequire(import.meta.url).resolve('@salesflow/contract')),
  '..',
  'examples',
);
const examples = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.json'))
  .map(
    (file) =>
      [
        file,
        JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Record<string, unknown>,
      ] as const,
  );

// avsc is a complete Avro implementation: if it accepts the schema and the examples, Pub/Sub's
// Avro validator sees the same types.
const type = avro.Type.forSchema(salesEventAvroSchema() as avro.Schema, { wrapUnions: false });

describe('Avro topic schema derived from the contract', () => {
  it('is a valid Avro record with every top-level field of the contract', () => {
    const schema = salesEventAvroSchema() as { type: string; fields: { name: string }[] };
    expect(schema.type).toBe('record');
    expect(schema.fields.map((f) => f.name)).toEqual(Object.keys(SalesEventShape.shape));
  });

  it.each(examples)('accepts the contract example %s', (_file, example) => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    expect(type.isValid(example)).toBe(true);
  });

  it('rejects a value the contract rejects by shape: unknown enum, missing field, wrong type', () => {
    const [, example] = examples[0]!;
    expect(type.isValid({ ...example, event_type: 'order_cancelled' })).toBe(false);
    const { amounts: _dropped, ...missing } = example;
    expect(type.isValid(missing)).toBe(false);
    expect(type.isValid({ ...example, order_id: 42 })).toBe(false);
  });

  it('keeps the contract enums as Avro enums', () => {
    const text = JSON.stringify(salesEventAvroSchema());
    for (const symbol of [...EVENT_TYPES, ...PAYMENT_METHODS])
      expect(text).toContain(`"${symbol}"`);
  });
});
