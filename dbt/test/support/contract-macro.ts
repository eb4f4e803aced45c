/**
 * Renders `dbt/macros/contract/sales_event_v1.sql`: the sales-event contract as data for the SQL
 * validation of BigQuery-subscription rows — every field with its kind and limits (from the
 * contract's JSON Schema, which the contract derives from its zod schema), the refinements the
 * JSON Schema cannot express (country and currency codes, forbidden text characters), and the
 * constants of the business rules. A test keeps the committed file equal to this output; run
 * `npx tsx dbt/test/support/contract-macro.ts` after changing the contract.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CARDLESS_METHODS,
  COUNTRY_CODES,
  CURRENCY_MINOR_UNITS,
  FORBIDDEN_TEXT_CHARACTERS,
  MAX_FUTURE_SKEW_MS,
  MAX_MESSAGE_BYTES,
  MIN_EVENT_TIME,
  REMOTE_CHANNELS,
  SCHEMA_VERSION,
  salesEventJsonSchema,
} from '@salesflow/contract';
import { DBT_PROJECT_DIR } from './dbt-runner.js';

/** Where the rendered macro lives. */
export const CONTRACT_MACRO_PATH = join(DBT_PROJECT_DIR, 'macros', 'contract', 'sales_event_v1.sql');

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

/** One field of the contract as the SQL checks read it. */
type FieldSpec = Record<string, unknown> & { key: string; kind: string };

// What a format check says it expected, worded as the ingest function words it.
const FORMAT_WORDING: Record<string, string> = {
  uuid: 'a UUID',
  'date-time': 'an RFC 3339 timestamp with offset',
  email: 'an e-mail address',
};

// A string field with no constraint in the JSON Schema is a code checked against a list; the
// contract has exactly these (a new one fails the rendering until it is named here).
const CODE_LISTS: Record<string, string> = { country: 'countries', currency: 'currencies' };

function fail(path: string, what: string): never {
  throw new Error(`contract field ${path}: ${what} has no SQL check; extend dbt/test/support/contract-macro.ts`);
}

function fieldSpec(path: string, key: string, node: JsonSchemaNode, required: boolean): FieldSpec {
  const base = { key, path, optional: !required };
  switch (node.type) {
    case 'object':
      return { ...base, kind: 'object', fields: objectFields(path, node) };
    case 'array': {
      if (node.items?.type !== 'object') fail(path, 'an array of non-objects');
      // Line fields are read from each line's JSON value, so they must be scalars.
      for (const [key, child] of Object.entries(node.items.properties ?? {})) {
        if (child.type === 'object' || child.type === 'array') fail(`${path}[].${key}`, 'a nested container');
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
      if (node.const !== undefined) return { ...base, kind: 'literal', value: node.const };
      return {
        ...base,
        kind: 'money',
        positive: node.exclusiveMinimum === 0,
        maximum: node.maximum ?? fail(path, 'a number without maximum'),
      };
    case 'string': {
      if (node.enum) return { ...base, kind: 'enum', values: node.enum };
      if (node.format) {
        return {
          ...base,
          kind: 'format',
          pattern: node.pattern ?? fail(path, 'a format without pattern'),
          expected: FORMAT_WORDING[node.format] ?? fail(path, `format ${node.format}`),
          ...(node.maxLength === undefined ? {} : { max_length: node.maxLength }),
        };
      }
      if (node.minLength !== undefined && node.maxLength !== undefined) {
        return { ...base, kind: 'text', min_length: node.minLength, max_length: node.maxLength };
      }
      if (Object.keys(node).length === 1) {
        return { ...base, kind: 'code', list: CODE_LISTS[key] ?? fail(path, 'an unconstrained string') };
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

/** The first alternative of the forbidden-characters pattern (a character class) for RE2. */
function forbiddenCharacterClass(): string {
  const [characterClass] = FORBIDDEN_TEXT_CHARACTERS.source.split('|');
  if (!characterClass?.startsWith('[') || !characterClass.endsWith(']')) {
    throw new Error('FORBIDDEN_TEXT_CHARACTERS no longer starts with a character class');
  }
  // The other alternatives match lone UTF-16 surrogates, which UTF-8 text cannot hold.
  return characterClass.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => `\\x{${hex.toLowerCase()}}`);
}

/** The contract as a Jinja dictionary literal (JSON is valid Jinja for these values). */
export function contractSpec(): Record<string, unknown> {
  const schema = salesEventJsonSchema() as JsonSchemaNode;
  const minorUnits = Object.fromEntries(
    Object.entries(CURRENCY_MINOR_UNITS).filter(([, units]) => units !== 2),
  );
  return {
    schema_version: SCHEMA_VERSION,
    max_message_bytes: MAX_MESSAGE_BYTES,
    min_event_time: MIN_EVENT_TIME,
    max_future_skew_seconds: MAX_FUTURE_SKEW_MS / 1000,
    forbidden_text_characters: forbiddenCharacterClass(),
    fields: objectFields('$', schema),
    countries: [...COUNTRY_CODES].sort(),
    currencies: Object.keys(CURRENCY_MINOR_UNITS).sort(),
    default_minor_units: 2,
    other_minor_units: minorUnits,
    remote_channels: [...REMOTE_CHANNELS].sort(),
    cardless_methods: [...CARDLESS_METHODS].sort(),
  };
}

/** The text of `dbt/macros/contract/sales_event_v1.sql`. */
export function renderContractMacro(): string {
  return [
    '{#- Generated from the contract package by dbt/test/support/contract-macro.ts: do not edit; run',
    '    `npx tsx dbt/test/support/contract-macro.ts` after changing the contract. -#}',
    '{% macro sales_event_v1() -%}',
    `{{ return(${JSON.stringify(contractSpec(), null, 2)}) }}`,
    '{%- endmacro %}',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CONTRACT_MACRO_PATH, renderContractMacro());
  process.stdout.write(`wrote ${CONTRACT_MACRO_PATH}\n`);
}
