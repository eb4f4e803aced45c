/**
 * Every field of the sales-event contract is read by Silver or left unread on purpose: a field
 * added to the contract fails here until a staging or intermediate model reads it — through
 * `event_text` (an order line's fields through the alias `cross_join_items` gives the line), or as
 * the Bronze column it has its own — or `stg_sales_events` lists it under
 * `config.meta.unread_event_fields`. Models and the list come from dbt's own manifest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALES_EVENTS_TABLE, leafPaths } from '@salesflow/contract';
import { createWarehouseFixture, type WarehouseFixture } from './support/warehouse-fixture.js';

interface ManifestNode {
  readonly resource_type: string;
  readonly name: string;
  readonly raw_code: string;
  readonly config: { readonly schema?: string | null; readonly meta?: Record<string, unknown> };
}

let fixture: WarehouseFixture;
let silver: ManifestNode[] = [];

beforeAll(async () => {
  fixture = await createWarehouseFixture('contract-fields');
  await fixture.dbt.runOk(['parse']);
  const manifest = JSON.parse(
    readFileSync(join(fixture.dbt.targetDir, 'manifest.json'), 'utf8'),
  ) as { nodes: Record<string, ManifestNode> };
  silver = Object.values(manifest.nodes).filter(
    (node) => node.resource_type === 'model' && node.config.schema === 'silver',
  );
}, 300_000);

afterAll(async () => {
  await fixture?.dispose();
});

const EVENT_TEXT = /event_text\(\s*'([^']+)'\s*,\s*'(\$[^']*)'\s*\)/g;
const LINE_ALIAS = /cross_join_items\(\s*'[^']*'\s*,\s*'([^']+)'\s*\)/g;

/** The contract paths a model's SQL reads. */
function readsOf(sql: string): string[] {
  const lineAliases = new Set([...sql.matchAll(LINE_ALIAS)].map((match) => match[1]));
  return [...sql.matchAll(EVENT_TEXT)].map(([, event, path]) =>
    lineAliases.has(event) ? `$.items[].${path!.slice(2)}` : path!,
  );
}

/** Top-level fields Bronze keeps in columns of their own, read where a model names the column. */
function columnReads(sql: string): string[] {
  return SALES_EVENTS_TABLE.columns
    .map((column) => column.name)
    .filter((name) => new RegExp(`\\b${name}\\b`).test(sql))
    .map((name) => `$.${name}`);
}

describe('the contract fields in Silver', () => {
  it('finds the Silver models and their reads', () => {
    expect(silver.map((node) => node.name)).toEqual(
      expect.arrayContaining(['stg_sales_events', 'int_order_items', 'int_products']),
    );
    const reads = new Set(silver.flatMap((node) => readsOf(node.raw_code)));
    expect(reads).toContain('$.store.city');
    expect(reads).toContain('$.items[].sku');
  });

  it('reads every field of the contract or lists it as unread on purpose', () => {
    const listed = (silver.find((node) => node.name === 'stg_sales_events')?.config.meta?.[
      'unread_event_fields'
    ] ?? []) as string[];
    const reads = new Set(
      silver.flatMap((node) => [...readsOf(node.raw_code), ...columnReads(node.raw_code)]),
    );
    const fields = leafPaths();
    const neither = fields.filter((path) => !reads.has(path) && !listed.includes(path));
    expect(
      neither,
      'contract fields no Silver model reads: read them in a model or list them under ' +
        'config.meta.unread_event_fields of stg_sales_events',
    ).toEqual([]);
    expect(listed.filter((path) => !fields.includes(path)), 'listed fields the contract lacks').toEqual([]);
    expect(listed.filter((path) => reads.has(path)), 'listed as unread but read').toEqual([]);
  });
});
