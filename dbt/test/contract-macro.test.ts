/**
 * The contract as dbt reads it (`macros/contract/sales_event_v1.sql`) is the one the contract
 * package defines: the committed macro equals what `dbt/test/support/contract-macro.ts` renders from
 * the contract's JSON Schema, vocabulary and ISO lists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_MACRO_PATH, contractSpec, renderContractMacro } from './support/contract-macro.js';

describe('the contract macro', () => {
  it('is current (run `npx tsx dbt/test/support/contract-macro.ts` after changing the contract)', () => {
    expect(readFileSync(CONTRACT_MACRO_PATH, 'utf8')).toBe(renderContractMacro());
  });

  it('knows every field of the event, the code lists and the minor units that are not 2', () => {
    const spec = contractSpec() as {
      fields: { key: string; kind: string }[];
      countries: string[];
      currencies: string[];
      other_minor_units: Record<string, number>;
    };
    expect(spec.fields.map((field) => field.key)).toEqual([
      'schema_version',
      'event_id',
      'event_type',
      'event_time',
      'order_id',
      'store',
      'customer',
      'items',
      'currency',
      'amounts',
      'payment',
      'refund',
    ]);
    expect(spec.countries).toContain('US');
    expect(spec.currencies).toContain('EUR');
    expect(spec.other_minor_units).toMatchObject({ JPY: 0, KWD: 3 });
    expect(spec.other_minor_units).not.toHaveProperty('USD');
  });
});
