/**
 * The generator produces the whole contract: every field at some rate (a field added to the
 * contract fails here until the producer writes it), each object's members in the contract's
 * declaration order (the order its pre-encoded fragments are laid out in).
 */
import { describe, expect, it } from 'vitest';
import { eventFields, leafPaths, type FieldSpec } from '@salesflow/contract';
import { generate } from './fixtures.js';

type Json = Record<string, unknown>;

/** The leaf paths `value` holds, `$.items[].sku` for an order line's. */
function presentPaths(value: Json, prefix: string, into: Set<string>): void {
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    if (Array.isArray(child)) {
      for (const item of child) presentPaths(item as Json, `${path}[]`, into);
    } else if (typeof child === 'object' && child !== null) {
      presentPaths(child as Json, path, into);
    } else {
      into.add(path);
    }
  }
}

/** Paths of objects whose members are out of the contract's order. */
function misordered(value: Json, fields: readonly FieldSpec[], path: string): string[] {
  const expected = fields.map((field) => field.key).filter((key) => Object.hasOwn(value, key));
  const out = Object.keys(value).join() === expected.join() ? [] : [path];
  for (const field of fields) {
    const child = value[field.key];
    if (field.kind === 'object' && child !== undefined) {
      out.push(...misordered(child as Json, field.fields, `${path}.${field.key}`));
    }
    if (field.kind === 'array' && Array.isArray(child)) {
      for (const item of child) {
        out.push(...misordered(item as Json, field.item_fields, `${path}.${field.key}[]`));
      }
    }
  }
  return out;
}

describe('generated events against the contract', () => {
  const events = generate({ events: 50_000 }).map((message) => message.event as unknown as Json);

  it('hold every field of the contract at some rate', () => {
    const present = new Set<string>();
    for (const event of events) presentPaths(event, '$', present);
    const missing = leafPaths().filter((path) => !present.has(path));
    expect(missing, 'contract fields the generator never writes').toEqual([]);
  });

  it("write every object's members in the contract's order", () => {
    const fields = eventFields();
    const wrong = new Set(events.flatMap((event) => misordered(event, fields, '$')));
    expect([...wrong]).toEqual([]);
  });
});
