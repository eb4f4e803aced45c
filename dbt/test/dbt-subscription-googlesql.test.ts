/**
 * The same differential as dbt-subscription.test.ts, on BigQuery's side: the SQL that dbt compiles
 * for the `bigquery` target (`base_subscription_messages`: the contract checked in GoogleSQL) runs
 * in GoogleSQL's reference evaluator (the ZetaSQL local service, see tools/bigquery-verify) over
 * the hostile corpus, the contract's examples and generated messages, laid out as the BigQuery subscription writes them,
 * and each verdict is compared with the contract's TypeScript validator. The reference evaluator is
 * GoogleSQL's own implementation, not BigQuery: what it says about BigQuery is strong evidence, not
 * proof (its JSON parser, for one, is BigQuery's documented behaviour, not its code).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateMessage } from '@salesflow/contract';
import { hostileCorpus } from '@salesflow/contract/testing';
import { createGenerator } from '@salesflow/generator';
import { addBronze } from '../../tools/bigquery-verify/src/bronze.js';
import { WarehouseCatalog } from '../../tools/bigquery-verify/src/catalog.js';
import { evaluateQuery } from '../../tools/bigquery-verify/src/evaluator.js';
import { bigQueryLanguageOptions } from '../../tools/bigquery-verify/src/zetasql/dialect.js';
import type { Message } from '../../tools/bigquery-verify/src/zetasql/local-service.js';
import { LocalService } from '../../tools/bigquery-verify/src/zetasql/local-service.js';
import { DbtRunner } from './support/dbt-runner.js';
import { createWarehouseFixture, type WarehouseFixture } from './support/warehouse-fixture.js';

const PROJECT = 'salesflow-offline';
const PUBLISHED_AT = '2026-04-01T00:00:00.000000Z';
const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'contract', 'examples');

/**
 * Hostile messages on which GoogleSQL and the TypeScript validator disagree, and why. The first
 * two are the differences DuckDB has too (see dbt-subscription.test.ts).
 */
const ACCEPTED_DIFFERENCES: Record<string, { sql: string; typescript: string; why: string }> = {
  'lone surrogate escape in a name': {
    sql: 'invalid_json',
    typescript: 'schema_violation',
    why: 'GoogleSQL refuses JSON text with an unpaired \\ud800 escape; JavaScript parses it, the contract refuses the name.',
  },
  'duplicate key, last one valid': {
    sql: 'schema_violation',
    typescript: 'land',
    why: 'GoogleSQL keeps the first of two equal keys, JavaScript the last: the SQL check refuses a repeated key.',
  },
  'huge integer literal': {
    sql: 'invalid_json',
    typescript: 'schema_violation',
    why:
      "A 400-digit number is beyond FLOAT64, which PARSE_JSON refuses even with wide_number_mode 'round'; JavaScript " +
      'reads it as Infinity, which the contract then refuses as a quantity. Rejected either way, one layer earlier.',
  },
};

interface Message_ {
  readonly name: string;
  readonly data: Buffer;
}

function messages(): Message_[] {
  const examples = readdirSync(EXAMPLES_DIR)
    .sort()
    .map((file) => ({ name: `example ${file}`, data: readFileSync(join(EXAMPLES_DIR, file)) }));
  const generated = [
    ...createGenerator({
      seed: 23,
      from: Date.parse('2026-02-02T00:00:00Z'),
      to: Date.parse('2026-02-09T00:00:00Z'),
      events: 200,
      chaos: { duplicates: 0.05, invalid: 0.1, late: 0.1, outOfOrder: 0 },
    }),
  ].map((message, index) => ({ name: `generated ${index} (${message.kind})`, data: message.data }));
  return [...examples, ...generated, ...hostileCorpus().map(({ name, data }) => ({ name, data })), ...overflowing(examples.find(({ name }) => name.includes('order-placed'))!.data)];
}

/**
 * Amounts each within FLOAT64 whose minor units or sums are not: BigQuery fails the whole query on
 * a FLOAT64 overflow, so the checks must compute nothing from values outside the contract's ranges.
 */
function overflowing(example: Buffer): Message_[] {
  const event = JSON.parse(example.toString('utf8')) as { amounts: Record<string, number>; items: { unit_price: number; quantity: number }[] };
  const scaled = structuredClone(event);
  scaled.amounts['subtotal'] = 1e306;
  scaled.amounts['tax_total'] = 1e306;
  const lines = structuredClone(event);
  for (const item of lines.items) {
    item.unit_price = 1e300;
    item.quantity = 1e300;
  }
  return [
    { name: 'amounts near the FLOAT64 limit', data: Buffer.from(JSON.stringify(scaled)) },
    { name: 'line amounts near the FLOAT64 limit', data: Buffer.from(JSON.stringify(lines)) },
  ];
}

describe('the BigQuery-subscription path in GoogleSQL (reference evaluator)', () => {
  let fixture: WarehouseFixture;
  let service: LocalService;
  let verdicts: Map<string, { reason: string | null; details: string | null }>;
  const corpus = messages();

  beforeAll(async () => {
    fixture = await createWarehouseFixture('subscription-googlesql');
    const bigquery = new DbtRunner({
      warehouse: fixture.warehouse,
      workDir: join(fixture.dir, 'bigquery'),
      target: 'bigquery',
      env: { BQ_PROJECT: PROJECT, BQ_LOCATION: 'EU', BQ_AUTH_METHOD: 'oauth-secrets', BQ_OAUTH_TOKEN: 'offline-never-sent' },
    });
    await bigquery.runOk(['compile', '--no-introspect', '--no-populate-cache', '--select', 'base_subscription_messages'], {
      vars: { offline_compile: true },
    });
    const sql = readFileSync(join(bigquery.targetDir, 'compiled/salesflow/models/staging/base/base_subscription_messages.sql'), 'utf8');
    service = await LocalService.start();
    const language: Message = await bigQueryLanguageOptions(service);
    const catalog = new WarehouseCatalog(PROJECT);
    addBronze(catalog, PROJECT);
    // Columns in the landing table's order: subscription_name, message_id, publish_time, data, attributes.
    const rows = corpus.map((message, index) => [
      'projects/salesflow-dev/subscriptions/sales-events-bq',
      `m-${index}`,
      PUBLISHED_AT,
      message.data.toString('base64'),
      JSON.stringify({ source: 'differential', route: 'subscription' }),
    ]);
    // Every column, so that the evaluator computes every expression of the model for every row.
    const result = await evaluateQuery(service, language, catalog, sql, (table) =>
      table.name === 'sales_events_subscription' ? rows : undefined,
    );
    const column = (name: string): number => result.columns.findIndex((candidate) => candidate.name === name);
    const [id, reason, details] = [column('message_id'), column('reject_reason'), column('reject_details')];
    verdicts = new Map(
      result.rows.map((row) => [String(row[id]), { reason: row[reason] as string | null, details: row[details] as string | null }]),
    );
  }, 900_000);

  afterAll(async () => {
    await service?.stop();
    await fixture?.dispose();
  });

  it('gives every message a verdict, and the validator\'s but for the listed differences', () => {
    expect(verdicts.size).toBe(corpus.length);
    const differences: Record<string, { sql: string; typescript: string }> = {};
    corpus.forEach((message, index) => {
      const verdict = verdicts.get(`m-${index}`);
      const result = validateMessage(message.data, { now: Date.parse(PUBLISHED_AT) });
      const sql = verdict?.reason ?? 'land';
      const typescript = result.ok ? 'land' : result.reason;
      if (sql !== typescript) differences[message.name] = { sql, typescript };
    });
    expect(differences).toEqual(
      Object.fromEntries(Object.entries(ACCEPTED_DIFFERENCES).map(([name, { sql, typescript }]) => [name, { sql, typescript }])),
    );
  });

  it('reports the validator\'s issue codes wherever both reject for the same reason, but for a repeated key', () => {
    const differences: Record<string, { sql: string[]; typescript: string[] }> = {};
    corpus.forEach((message, index) => {
      const verdict = verdicts.get(`m-${index}`);
      const result = validateMessage(message.data, { now: Date.parse(PUBLISHED_AT) });
      if (result.ok || verdict?.reason !== result.reason) return;
      const sql = [...new Set((JSON.parse(verdict.details ?? '[]') as { code: string }[]).map((issue) => issue.code))].sort();
      const typescript = [...new Set(result.issues.map((issue) => issue.code))].sort();
      if (sql.join() !== typescript.join()) differences[message.name] = { sql, typescript };
    });
    expect(differences).toEqual({ 'duplicate key, last one invalid': { sql: ['unrecognized_key'], typescript: ['custom'] } });
  });
});
