/**
 * The BigQuery-subscription path on DuckDB: rows laid out exactly as a Pub/Sub BigQuery
 * subscription with `write_metadata` writes them (subscription name, message id, publish time, the
 * body as bytes, the attributes as a JSON object) — the contract's examples, the generator's output
 * with its chaos (duplicates, late and invalid messages) and the 79-message hostile corpus, landed
 * over two scheduled rounds (a full build, then an incremental run). Every row ends up in Silver as
 * an event or in the rejections model with a reason, none vanishes, an
 * event that also came through the ingest function stays one event, and for every message the
 * SQL's verdict is compared with the contract's TypeScript validator (a differential test): the
 * differences that remain are listed below with the reason each is accepted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRONZE_TABLES, validateMessage, type RejectReason, type SubscriptionLandingRow } from '@salesflow/contract';
import { hostileCorpus } from '@salesflow/contract/testing';
import { createGenerator, messageAttributes, type GeneratedMessage } from '@salesflow/generator';
import { loadBronze, query } from './support/bronze-loader.js';
import type { LandedEvent } from './support/sales-history.js';
import { createWarehouseFixture, type WarehouseFixture } from './support/warehouse-fixture.js';

const SUBSCRIPTION = 'projects/salesflow-dev/subscriptions/sales-events-bq';
const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'contract', 'examples');
const GENERATED_FROM = Date.parse('2026-02-02T00:00:00Z');
const GENERATED_TO = Date.parse('2026-02-09T00:00:00Z');
/** Publish time of every message: after every generated and example event, before 2999. */
const PUBLISHED_AT = '2026-04-01T00:00:00.000Z';

/**
 * Hostile messages on which the SQL check and the TypeScript validator disagree, and why that is
 * accepted. Keyed by corpus name; `sql` is the SQL's verdict, `typescript` the validator's.
 */
const ACCEPTED_DIFFERENCES: Record<string, { sql: string; typescript: string; why: string }> = {
  'lone surrogate escape in a name': {
    sql: 'invalid_json',
    typescript: 'schema_violation',
    why:
      'JSON text with an unpaired \\ud800 escape cannot become UTF-8 text, so the warehouse JSON parsers refuse it; ' +
      'JavaScript parses it and the contract then refuses the name. Rejected either way, one layer earlier.',
  },
  'duplicate key, last one valid': {
    sql: 'schema_violation',
    typescript: 'land',
    why:
      'JSON.parse keeps the last of two equal keys; DuckDB reads the first and BigQuery is not documented to read ' +
      'either. The SQL check refuses any repeated key (unrecognized_key) instead of guessing which value counts.',
  },
};

/**
 * Messages both reject for the same reason, but with other issue codes, and why that is accepted.
 * Keyed by message name; `sql` and `typescript` are the distinct codes each reports.
 */
const ACCEPTED_CODE_DIFFERENCES: Record<string, { sql: string[]; typescript: string[]; why: string }> = {
  'duplicate key, last one invalid': {
    sql: ['unrecognized_key'],
    typescript: ['custom'],
    why: 'The SQL check refuses the repeated key itself; JavaScript reads the last value and refuses the currency XXX.',
  },
};

interface Message {
  readonly name: string;
  readonly row: SubscriptionLandingRow;
  readonly data: Buffer;
}

function landingRow(messageId: string, data: Buffer, attributes: Record<string, string>): SubscriptionLandingRow {
  return {
    subscription_name: SUBSCRIPTION,
    message_id: messageId,
    publish_time: PUBLISHED_AT,
    data: data.toString('base64'),
    // Pub/Sub writes every attribute (and the ordering key, when a message has one) as one JSON object.
    attributes: JSON.stringify(attributes),
  };
}

function examples(): Message[] {
  return readdirSync(EXAMPLES_DIR)
    .sort()
    .map((file, index) => {
      const data = readFileSync(join(EXAMPLES_DIR, file));
      const event = JSON.parse(data.toString('utf8')) as { event_type: string; event_time: string };
      const attributes = messageAttributes(data, 'example', { eventType: event.event_type, eventTime: event.event_time });
      return { name: `example ${file}`, data, row: landingRow(`example-${index}`, data, { ...attributes, route: 'subscription' }) };
    });
}

function generated(): { messages: Message[]; output: GeneratedMessage[] } {
  const output = [
    ...createGenerator({
      seed: 11,
      from: GENERATED_FROM,
      to: GENERATED_TO,
      events: 600,
      chaos: { duplicates: 0.05, invalid: 0.08, late: 0.1, outOfOrder: 0.05 },
    }),
  ];
  const messages = output.map((message, index) => {
    const attributes = messageAttributes(message.data, 'generator', {
      eventType: message.eventType,
      eventTime: message.eventTime,
    });
    return {
      name: `generated ${index} (${message.kind})`,
      data: message.data,
      row: landingRow(`generated-${index}`, message.data, { ...attributes, route: 'subscription' }),
    };
  });
  return { messages, output };
}

function hostile(): Message[] {
  return hostileCorpus().map((message, index) => ({
    name: message.name,
    data: message.data,
    row: landingRow(`hostile-${index}`, message.data, { source: 'hostile', route: 'subscription' }),
  }));
}

/** The contract validator's verdict at the message's publish time: `land` or a reject reason. */
function typescriptVerdict(message: Message): 'land' | RejectReason {
  const result = validateMessage(message.data, { now: Date.parse(message.row.publish_time) });
  return result.ok ? 'land' : result.reason;
}

describe('the BigQuery-subscription path on DuckDB', () => {
  let fixture: WarehouseFixture;
  const exampleMessages = examples();
  const { messages: generatedMessages, output } = generated();
  const hostileMessages = hostile();
  const all = [...exampleMessages, ...generatedMessages, ...hostileMessages];
  // Pub/Sub delivers at least once: two messages land twice (the second time in the next round), a
  // valid one and an invalid one.
  const redelivered = [exampleMessages[0]!, hostileMessages[0]!];
  // The same events also reach the function path, as when the route attribute is changed mid-stream.
  const alsoThroughFunction = generatedMessages.filter((message) => message.row.data && typescriptVerdict(message) === 'land').slice(0, 25);
  let rejections: Map<string, { reason: string; details: string }>;
  let silver: Map<
    string,
    { event_id: string; message_id: string; ingest_path: string; order_id: string; currency: string; order_total: string; items_count: number }
  >;
  let silverCount: number;

  beforeAll(async () => {
    fixture = await createWarehouseFixture('subscription');
    const functionCopies: LandedEvent[] = alsoThroughFunction.map((message, index) => ({
      event: JSON.parse(message.data.toString('utf8')) as LandedEvent['event'],
      // Later than the subscription copy: the earliest copy wins, and either way it is one event.
      ingestedAt: new Date(Date.parse(PUBLISHED_AT) + 60_000 + index),
      messageId: `function-${index}`,
      ingestPath: 'function',
    }));
    // Two rounds, as the schedule runs them: half the messages, a full build; then the rest, the
    // redeliveries (one of each half) and the function path's copies, an incremental run.
    const build = ['build', '--select', 'iso_currencies', 'stg_sales_events', 'stg_subscription_rejections', 'stg_rejections', '--indirect-selection', 'cautious'];
    const half = Math.floor(all.length / 2);
    await loadBronze(fixture.warehouse, { subscription: all.slice(0, half).map((message) => message.row) });
    await fixture.dbt.runOk(build);
    await loadBronze(fixture.warehouse, {
      subscription: [...all.slice(half).map((message) => message.row), ...redelivered.map((message) => message.row)],
      landed: functionCopies,
    });
    await fixture.dbt.runOk(build);
    const rejected = await query(
      fixture.warehouse,
      `SELECT message_id, reason, details FROM silver.stg_rejections WHERE ingest_path = 'subscription'`,
    );
    rejections = new Map(rejected.map((row) => [String(row['message_id']), { reason: String(row['reason']), details: String(row['details']) }]));
    expect(rejections.size, 'one rejection per message, however often it was delivered').toBe(rejected.length);
    const events = await query(
      fixture.warehouse,
      `SELECT event_id, message_id, ingest_path, order_id, currency, order_total::VARCHAR AS order_total, items_count FROM silver.stg_sales_events`,
    );
    silverCount = events.length;
    silver = new Map(
      events.map((row) => [
        String(row['event_id']),
        {
          event_id: String(row['event_id']),
          message_id: String(row['message_id']),
          ingest_path: String(row['ingest_path']),
          order_id: String(row['order_id']),
          currency: String(row['currency']),
          order_total: String(row['order_total']),
          items_count: Number(row['items_count']),
        },
      ]),
    );
  }, 600_000);

  afterAll(async () => {
    await fixture?.dispose();
  });

  /**
   * Where a message ended up: the rejections model (its reason), or Silver — its event is there,
   * from this message or from another copy of the same event. A rejected message whose own copy
   * is in Silver is both, which must never happen.
   */
  function sqlVerdict(message: Message): string {
    const rejection = rejections.get(message.row.message_id);
    const eventId = (() => {
      try {
        return (JSON.parse(message.data.toString('utf8')) as { event_id?: unknown }).event_id;
      } catch {
        return undefined;
      }
    })();
    const event = typeof eventId === 'string' ? silver.get(eventId) : undefined;
    if (rejection) return event?.message_id === message.row.message_id ? `both: ${rejection.reason}` : rejection.reason;
    return event ? 'land' : 'vanished';
  }

  it('sends every landed row to Silver or to the rejections model, none to both, none nowhere', () => {
    const outcomes = all.map((message) => [message.name, sqlVerdict(message)] as const);
    expect(outcomes.filter(([, verdict]) => verdict === 'vanished' || verdict.startsWith('both'))).toEqual([]);
    expect(rejections.size + new Set(all.filter((m) => sqlVerdict(m) === 'land').map((m) => JSON.parse(m.data.toString('utf8')).event_id)).size).toBeGreaterThan(0);
  });

  it('lands every contract example and every valid generated message, and rejects every invalid one with the validator\'s reason', () => {
    const differences = [...exampleMessages, ...generatedMessages]
      .map((message) => ({ name: message.name, sql: sqlVerdict(message), typescript: typescriptVerdict(message) }))
      .filter(({ sql, typescript }) => sql !== typescript);
    expect(differences).toEqual([]);
    const kinds = new Set(output.map((message) => message.kind.split(':')[0]));
    expect([...kinds].sort()).toEqual(['duplicate', 'invalid', 'valid']);
  });

  it('agrees with the contract validator on the hostile corpus, but for the listed differences', () => {
    expect(hostileMessages).toHaveLength(79);
    const verdicts = hostileMessages.map((message) => ({
      name: message.name,
      sql: sqlVerdict(message),
      typescript: typescriptVerdict(message),
    }));
    const differences = Object.fromEntries(
      verdicts.filter(({ sql, typescript }) => sql !== typescript).map(({ name, sql, typescript }) => [name, { sql, typescript }]),
    );
    const accepted = Object.fromEntries(
      Object.entries(ACCEPTED_DIFFERENCES).map(([name, { sql, typescript }]) => [name, { sql, typescript }]),
    );
    expect(differences).toEqual(accepted);
  });

  it('reports the issue codes the validator reports, but for the listed differences', () => {
    const differences: Record<string, { sql: string[]; typescript: string[] }> = {};
    for (const message of all) {
      const rejection = rejections.get(message.row.message_id);
      const result = validateMessage(message.data, { now: Date.parse(message.row.publish_time) });
      if (!rejection || result.ok || rejection.reason !== result.reason) continue;
      const sql = [...new Set((JSON.parse(rejection.details) as { code: string }[]).map((issue) => issue.code))].sort();
      const typescript = [...new Set(result.issues.map((issue) => issue.code))].sort();
      if (sql.join() !== typescript.join()) differences[message.name] = { sql, typescript };
    }
    const accepted = Object.fromEntries(
      Object.entries(ACCEPTED_CODE_DIFFERENCES).map(([name, { sql, typescript }]) => [name, { sql, typescript }]),
    );
    expect(differences).toEqual(accepted);
  });

  it('declares every Bronze table as a source with the contract\'s columns and descriptions', () => {
    const manifest = JSON.parse(readFileSync(join(fixture.dbt.targetDir, 'manifest.json'), 'utf8')) as {
      sources: Record<string, { source_name: string; name: string; description: string; columns: Record<string, { description: string }> }>;
    };
    const sources = Object.values(manifest.sources).filter((source) => source.source_name === 'bronze');
    expect(sources.map((source) => source.name).sort()).toEqual(BRONZE_TABLES.map((table) => table.name).sort());
    for (const table of BRONZE_TABLES) {
      const source = sources.find((candidate) => candidate.name === table.name)!;
      expect({ table: table.name, description: source.description.trim(), columns: Object.entries(source.columns).map(([name, column]) => [name, column.description]) }).toEqual({
        table: table.name,
        description: table.description,
        columns: table.columns.map((column) => [column.name, column.description]),
      });
    }
  });

  it('types a subscription event as the function path does, and keeps an event that came both ways once', () => {
    const landedEvents = all
      .filter((message) => sqlVerdict(message) === 'land')
      .map((message) => JSON.parse(message.data.toString('utf8')) as { event_id: string; order_id: string; currency?: string; amounts?: { total: number }; items?: unknown[] });
    const eventIds = new Set(landedEvents.map((event) => event.event_id));
    expect(silverCount).toBe(eventIds.size);
    for (const event of landedEvents) {
      const row = silver.get(event.event_id)!;
      // Shipments and deliveries carry no order content to compare.
      if (event.amounts === undefined || event.items === undefined) {
        expect(row.order_id).toBe(event.order_id);
        continue;
      }
      expect({ order_id: row.order_id, currency: row.currency, total: Number(row.order_total), items: row.items_count }).toEqual({
        order_id: event.order_id,
        currency: event.currency,
        total: event.amounts.total,
        items: event.items.length,
      });
    }
    const paths = [...silver.values()].map((row) => row.ingest_path);
    expect(new Set(paths)).toEqual(new Set(['subscription']));
    expect(alsoThroughFunction.length).toBe(25);
  });
});

describe('Bronze freshness with the BigQuery-subscription path', () => {
  let fixture: WarehouseFixture;

  beforeAll(async () => {
    fixture = await createWarehouseFixture('subscription-freshness');
  });

  afterAll(async () => {
    await fixture?.dispose();
  });

  const published = (hoursAgo: number, index: number): SubscriptionLandingRow => ({
    ...landingRow(`fresh-${index}`, Buffer.from('{}'), { source: 'freshness' }),
    publish_time: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
  });

  it('counts what the subscription landed: a subscription-only environment is fresh while messages arrive, stale when they stop', async () => {
    // Nothing in bronze.sales_events: every message came through the subscription, 30 hours ago.
    await loadBronze(fixture.warehouse, { subscription: [published(30, 1)] });
    const stale = await fixture.dbt.run(['source', 'freshness', '--select', 'source:bronze.sales_events']);
    expect(stale.code, stale.output).not.toBe(0);
    expect(stale.output).toMatch(/ERROR STALE freshness of bronze\.sales_events/);
    // One message an hour ago (the older one is still there): fresh again.
    await loadBronze(fixture.warehouse, { subscription: [published(1, 2)] });
    const fresh = await fixture.dbt.run(['source', 'freshness', '--select', 'source:bronze.sales_events']);
    expect(fresh.code, fresh.output).toBe(0);
    expect(fresh.output).toMatch(/PASS freshness of bronze\.sales_events/);
  }, 300_000);
});
