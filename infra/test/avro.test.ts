import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import {
  AVRO_SCHEMA_REVISIONS,
  CARRIERS,
  EVENT_TYPES,
  PAYMENT_METHODS,
  SalesEventShape,
  salesEventAvroSchema,
} from '@salesflow/contract';
import { isOrderEvent, syntheticEvents } from '@salesflow/contract/testing';
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
    const { store: _dropped, ...missing } = example;
    expect(type.isValid(missing)).toBe(false);
    expect(type.isValid({ ...example, order_id: 42 })).toBe(false);
  });

  it('keeps the contract enums as Avro enums', () => {
    const text = JSON.stringify(salesEventAvroSchema());
    for (const symbol of [...EVENT_TYPES, ...PAYMENT_METHODS, ...CARRIERS])
      expect(text).toContain(`"${symbol}"`);
  });
});

describe('revisions of the topic schema', () => {
  const revisions = AVRO_SCHEMA_REVISIONS.map((schema) =>
    avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false }),
  );
  const first = revisions[0]!;
  const latest = revisions.at(-1)!;
  // What producers of the first revision send: order events without the members added since.
  const firstRevisionEvents = [
    ...examples.map(([, example]) => example),
    ...syntheticEvents(200, 3).map((event) => event as unknown as Record<string, unknown>),
  ].filter((event) => first.isValid(event));

  it('end with the schema the contract derives, which the topic is given', () => {
    expect(AVRO_SCHEMA_REVISIONS.at(-1)).toEqual(salesEventAvroSchema());
  });

  it('each read the data every earlier revision writes (Avro schema resolution)', () => {
    expect(firstRevisionEvents.length).toBeGreaterThan(100);
    for (let newer = 1; newer < revisions.length; newer++) {
      for (let older = 0; older < newer; older++) {
        const writer = revisions[older]!;
        const resolver = revisions[newer]!.createResolver(writer);
        for (const event of firstRevisionEvents) {
          const read = revisions[newer]!.fromBuffer(writer.toBuffer(event), resolver);
          expect(revisions[newer]!.isValid(read)).toBe(true);
        }
      }
    }
  });

  it('accept the JSON of a producer of the first revision as they accept the newest events', () => {
    for (const event of firstRevisionEvents) expect(latest.isValid(event)).toBe(true);
    const lifecycle = examples.filter(([, example]) => !isOrderEvent(example as never));
    expect(lifecycle.map(([file]) => file).sort()).toEqual([
      'order-delivered-eur.json',
      'order-shipped-eur.json',
    ]);
    for (const [file, event] of lifecycle) {
      expect(latest.isValid(event), file).toBe(true);
      // The first revision refuses them: the new revision must be committed before producers send them.
      expect(first.isValid(event), file).toBe(false);
    }
  });
});
