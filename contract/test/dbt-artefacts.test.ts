/**
 * dbt's copies of contract facts: the contract as data for the SQL checks (`sales_event_v1()`),
 * the struct DuckDB parses payloads into (`event_struct_shape()`) and the currency seed, all
 * rendered from the contract package (their files are kept current by the artefacts test).
 */
import { describe, expect, it } from 'vitest';
import { dbtContractSpec, eventStructShape, renderCurrencySeed } from '../src/dbt-artefacts.js';
import {
  CURRENCY_MINOR_UNITS,
  SALES_EVENTS_TABLE,
  eventFields,
  salesEventJsonSchema,
} from '../src/index.js';

describe("dbt's contract macro", () => {
  it('knows every field of the event, the code lists and the minor units that are not 2', () => {
    const spec = dbtContractSpec() as {
      fields: { key: string; kind: string }[];
      countries: string[];
      currencies: string[];
      other_minor_units: Record<string, number>;
    };
    const schema = salesEventJsonSchema() as { properties: Record<string, unknown> };
    expect(spec.fields.map((field) => field.key)).toEqual(Object.keys(schema.properties));
    expect(spec.fields.find((field) => field.key === 'event_time')).toMatchObject({
      kind: 'format',
      format: 'date-time',
    });
    expect(spec.countries).toContain('US');
    expect(spec.currencies).toContain('EUR');
    expect(spec.other_minor_units).toMatchObject({ JPY: 0, KWD: 3 });
    expect(spec.other_minor_units).not.toHaveProperty('USD');
  });
});

describe("dbt's event struct", () => {
  it('holds every payload field but those Bronze keeps in columns, integers as INTEGER', () => {
    const shape = eventStructShape();
    const ownColumns = SALES_EVENTS_TABLE.columns.map((column) => column.name);
    const fields = eventFields().map((field) => field.key);
    expect(Object.keys(shape)).toEqual(fields.filter((key) => !ownColumns.includes(key)));
    expect(Object.keys(shape)).toEqual(
      expect.arrayContaining(['order_id', 'store', 'items', 'refund']),
    );
    expect(shape).not.toHaveProperty('event_id');
    const [line] = shape['items'] as [Record<string, string>];
    expect(line).toMatchObject({
      line_number: 'INTEGER',
      quantity: 'INTEGER',
      unit_price: 'VARCHAR',
    });
    expect(shape['payment']).toEqual({ method: 'VARCHAR', card_brand: 'VARCHAR' });
  });
});

describe('the iso_currencies seed', () => {
  it('lists exactly the contract currencies with their minor units', () => {
    const [header, ...rows] = renderCurrencySeed().trim().split('\n');
    expect(header).toBe('currency_code,minor_units');
    const seeded = Object.fromEntries(
      rows.map((row) => row.split(',')).map(([code, units]) => [code, Number(units)]),
    );
    expect(seeded).toEqual({ ...CURRENCY_MINOR_UNITS });
  });
});
