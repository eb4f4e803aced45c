import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateMessage } from '@salesflow/contract';
import { toBronze } from '@salesflow/contract/validation';
import { exampleEvent } from '@salesflow/contract/testing';
import { createGenerator } from '@salesflow/generator';
import { buildUdf } from '../udf/build.js';
import { runUdfInNashorn } from '../udf/nashorn.js';

/**
 * A producer built before the fulfilment members existed keeps landing: its events carry no
 * customer region, no promised delivery date and are only ever placements and refunds. They are
 * the contract's examples of that time and the generator's order events without the new members.
 */
const BEFORE_FULFILMENT_EXAMPLES = [
  'order-placed-brl-marketplace.json',
  'order-placed-jpy-in-store.json',
  'order-placed-usd-online.json',
  'order-refunded-eur.json',
];
const NEW_MEMBERS = ['promised_delivery_date', 'shipment', 'delivery'];
const INGESTED_AT = '2026-06-01T12:00:00.000Z';
const NOW = Date.parse(INGESTED_AT);

type Json = Record<string, unknown>;

/** An order event as the older producer wrote it: the same, less the members added since. */
function asOldProducer(event: Json): Json {
  const { promised_delivery_date: _promise, customer, ...rest } = event;
  const { region: _region, ...oldCustomer } = customer as Json;
  return { ...rest, customer: oldCustomer };
}

const oldEvents: string[] = [
  ...BEFORE_FULFILMENT_EXAMPLES.map((file) => JSON.stringify(exampleEvent(file))),
  ...[
    ...createGenerator({
      seed: 31,
      events: 600,
      from: Date.parse('2026-03-01T00:00:00Z'),
      to: Date.parse('2026-04-01T00:00:00Z'),
    }),
  ]
    .filter(
      (message) => message.eventType === 'order_placed' || message.eventType === 'order_refunded',
    )
    .map((message) =>
      JSON.stringify(asOldProducer(JSON.parse(message.data.toString('utf8')) as Json)),
    ),
];

let workDir = '';
let udfPath = '';

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'salesflow-old-producer-'));
  udfPath = join(workDir, 'transform.js');
  writeFileSync(udfPath, await buildUdf());
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("an older producer's events", () => {
  it('are of the older schema: no region, no promise, no shipment or delivery', () => {
    expect(oldEvents.length).toBeGreaterThan(200);
    for (const text of oldEvents) {
      const event = JSON.parse(text) as Json;
      for (const member of NEW_MEMBERS) expect(event).not.toHaveProperty(member);
      expect(event['customer']).not.toHaveProperty('region');
      expect(['order_placed', 'order_refunded']).toContain(event['event_type']);
    }
  });

  it('meet the contract and land through the ingest function as they are', () => {
    for (const text of oldEvents) {
      expect(validateMessage(text, { now: NOW }).ok, text.slice(0, 120)).toBe(true);
      const landing = toBronze(
        { data: Buffer.from(text), messageId: 'm-1', publishTime: INGESTED_AT, attributes: {} },
        INGESTED_AT,
        'function',
        NOW,
      );
      expect(landing.kind, text.slice(0, 120)).toBe('event');
      if (landing.kind === 'event')
        expect(JSON.parse(landing.row.payload)).toEqual(JSON.parse(text));
    }
  });

  it('land through the Dataflow UDF in Nashorn, the template engine', async () => {
    const outcomes = await runUdfInNashorn(udfPath, oldEvents);
    outcomes.forEach((outcome, index) => {
      expect(outcome.ok, oldEvents[index]?.slice(0, 120)).toBe(true);
      if (outcome.ok) {
        const row = JSON.parse(outcome.output) as Json;
        expect(JSON.parse(String(row['payload']))).toEqual(JSON.parse(oldEvents[index]!));
      }
    });
  });
});
