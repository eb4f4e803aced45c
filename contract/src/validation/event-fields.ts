/**
 * The contract's field table as the validator reads it: `schemas/sales-event.v1.fields.json`,
 * generated from the zod schema (`npm run generate -w @salesflow/contract`; a test fails while it
 * is stale). Imported as data so that the Dataflow UDF, which cannot load zod, checks the very same
 * fields and limits.
 */
import type { FieldFormat, FieldSpec } from '../fields.js';
import fields from '../../schemas/sales-event.v1.fields.json' with { type: 'json' };

/** Every top-level field of the sales event v1, in declaration order. */
export const EVENT_FIELDS = fields as unknown as readonly FieldSpec[];

/** The pattern the contract gives a string format (the first field of that format carries it). */
export function formatPattern(format: FieldFormat): RegExp {
  const pattern = findPattern(EVENT_FIELDS, format);
  if (pattern === null) throw new Error('the contract has no field of format ' + format);
  return new RegExp(pattern);
}

function findPattern(fields: readonly FieldSpec[], format: FieldFormat): string | null {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldSpec;
    let found: string | null = null;
    if (field.kind === 'format' && field.format === format) found = field.pattern;
    else if (field.kind === 'object') found = findPattern(field.fields, format);
    else if (field.kind === 'array') found = findPattern(field.item_fields, format);
    if (found !== null) return found;
  }
  return null;
}
