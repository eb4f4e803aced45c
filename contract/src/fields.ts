/**
 * The fields of the sales event as data — every field with its kind and limits — read from the
 * JSON Schema the zod schema exports, so the zod schema stays the one definition. Consumers that
 * cannot load zod check against this: the fast validator (and the Dataflow UDF bundled from it)
 * through `schemas/sales-event.v1.fields.json`, and dbt's SQL checks and event struct through the
 * macros generated from it. A construct with no mapping here fails the generation with a message
 * naming the field, so a new kind of field cannot slip through unchecked.
 */
import { salesEventJsonSchema } from './json-schema.js';

/** What every field records: its key, its JSON path (`$.items[].sku` for a line's) and whether it may be absent. */
interface FieldBase {
  readonly key: string;
  readonly path: string;
  readonly optional: boolean;
}

/** The formats a string field can have, by their JSON Schema names. */
export type FieldFormat = 'uuid' | 'date-time' | 'date' | 'email';

/** The code lists a code field is checked against. */
export type CodeList = 'countries' | 'currencies';

/** One field of the event, by kind. */
export type FieldSpec = FieldBase &
  (
    | { readonly kind: 'literal'; readonly value: number }
    | { readonly kind: 'integer'; readonly minimum: number; readonly maximum: number }
    | { readonly kind: 'money'; readonly positive: boolean; readonly maximum: number }
    | { readonly kind: 'enum'; readonly values: readonly string[] }
    | {
        readonly kind: 'format';
        readonly format: FieldFormat;
        readonly pattern: string;
        readonly expected: string;
        readonly max_length?: number;
      }
    | { readonly kind: 'text'; readonly min_length: number; readonly max_length: number }
    | { readonly kind: 'code'; readonly list: CodeList }
    | { readonly kind: 'object'; readonly fields: readonly FieldSpec[] }
    | {
        readonly kind: 'array';
        readonly min_items: number;
        readonly max_items: number;
        readonly item_fields: readonly FieldSpec[];
      }
  );

/** The kinds of field. */
export type FieldKind = FieldSpec['kind'];

interface JsonSchemaNode {
  type?: string;
  const?: unknown;
  enum?: string[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchemaNode;
}

// What a format check says it expected, worded as the validator words it.
const FORMAT_WORDING: Record<FieldFormat, string> = {
  uuid: 'a UUID',
  'date-time': 'an RFC 3339 timestamp with offset',
  date: 'a calendar date (YYYY-MM-DD)',
  email: 'an e-mail address',
};

// A string field with no constraint in the JSON Schema is a code checked against a list (a zod
// refinement the JSON Schema cannot carry); the contract has exactly these.
const CODE_LISTS: Record<string, CodeList> = { country: 'countries', currency: 'currencies' };

function fail(path: string, what: string): never {
  throw new Error(`contract field ${path}: ${what} has no mapping; extend contract/src/fields.ts`);
}

function isFormat(format: string): format is FieldFormat {
  return Object.hasOwn(FORMAT_WORDING, format);
}

function fieldSpec(path: string, key: string, node: JsonSchemaNode, required: boolean): FieldSpec {
  const base = { key, path, optional: !required };
  switch (node.type) {
    case 'object':
      return { ...base, kind: 'object', fields: objectFields(path, node) };
    case 'array': {
      if (node.items?.type !== 'object') fail(path, 'an array of non-objects');
      // Line fields are read from each line's JSON value, so they must be scalars.
      for (const [child, schema] of Object.entries(node.items.properties ?? {})) {
        if (schema.type === 'object' || schema.type === 'array') {
          fail(`${path}[].${child}`, 'a nested container');
        }
      }
      return {
        ...base,
        kind: 'array',
        min_items: node.minItems ?? 0,
        max_items: node.maxItems ?? fail(path, 'an unbounded array'),
        item_fields: objectFields(`${path}[]`, node.items),
      };
    }
    case 'integer':
      return {
        ...base,
        kind: 'integer',
        minimum: node.minimum ?? fail(path, 'an integer without minimum'),
        maximum: node.maximum ?? fail(path, 'an integer without maximum'),
      };
    case 'number':
      if (typeof node.const === 'number') return { ...base, kind: 'literal', value: node.const };
      if (node.minimum !== 0 && node.exclusiveMinimum !== 0) fail(path, 'a signed number');
      return {
        ...base,
        kind: 'money',
        positive: node.exclusiveMinimum === 0,
        maximum: node.maximum ?? fail(path, 'a number without maximum'),
      };
    case 'string': {
      if (node.enum) return { ...base, kind: 'enum', values: node.enum };
      if (node.format !== undefined) {
        if (!isFormat(node.format)) fail(path, `format ${node.format}`);
        return {
          ...base,
          kind: 'format',
          format: node.format,
          pattern: node.pattern ?? fail(path, 'a format without pattern'),
          expected: FORMAT_WORDING[node.format],
          ...(node.maxLength === undefined ? {} : { max_length: node.maxLength }),
        };
      }
      if (node.minLength !== undefined && node.maxLength !== undefined) {
        return { ...base, kind: 'text', min_length: node.minLength, max_length: node.maxLength };
      }
      if (Object.keys(node).length === 1) {
        return {
          ...base,
          kind: 'code',
          list: CODE_LISTS[key] ?? fail(path, 'an unconstrained string'),
        };
      }
      return fail(path, JSON.stringify(node));
    }
    default:
      return fail(path, `type ${String(node.type)}`);
  }
}

function objectFields(path: string, node: JsonSchemaNode): FieldSpec[] {
  if (node.additionalProperties !== false) fail(path, 'an object that allows unknown keys');
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([key, child]) =>
    fieldSpec(`${path}.${key}`, key, child, required.has(key)),
  );
}

/** Every top-level field of the sales event v1, in declaration order, nested fields within. */
export function eventFields(): FieldSpec[] {
  return objectFields('$', salesEventJsonSchema() as JsonSchemaNode);
}

/**
 * Every leaf field's path, in declaration order: `$.store.city`, and `$.items[].sku` for the
 * fields of an order line. Objects and arrays are not leaves; their fields are.
 */
export function leafPaths(fields: readonly FieldSpec[] = eventFields()): string[] {
  return fields.flatMap((field) => {
    if (field.kind === 'object') return leafPaths(field.fields);
    if (field.kind === 'array') return leafPaths(field.item_fields);
    return [field.path];
  });
}
