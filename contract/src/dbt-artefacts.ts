/**
 * The dbt project's copies of contract facts, rendered from the contract: the contract as data for
 * the SQL validation of BigQuery-subscription rows (`sales_event_v1()`), the struct DuckDB parses
 * every payload into (`event_struct_shape()`) and the ISO currency seed.
 */
import { SALES_EVENTS_TABLE } from './bronze.js';
import { type FieldSpec, eventFields } from './fields.js';
import { COUNTRY_CODES, CURRENCY_MINOR_UNITS } from './iso.js';
import {
  CARDLESS_METHODS,
  EVENT_TYPE_MEMBERS,
  FORBIDDEN_TEXT_CHARACTERS,
  MAX_FUTURE_SKEW_MS,
  MAX_MESSAGE_BYTES,
  MIN_EVENT_TIME,
  REMOTE_CHANNELS,
  SCHEMA_VERSION,
  TYPED_MEMBERS,
} from './vocabulary.js';

/** The command that writes every contract-derived file. */
export const GENERATE_COMMAND = 'npm run generate -w @salesflow/contract';

const GENERATED_NOTE = `{#- Generated from the contract package by \`${GENERATE_COMMAND}\`: do not edit. -#}`;

/** The first alternative of the forbidden-characters pattern (a character class) for RE2. */
function forbiddenCharacterClass(): string {
  const [characterClass] = FORBIDDEN_TEXT_CHARACTERS.source.split('|');
  if (!characterClass?.startsWith('[') || !characterClass.endsWith(']')) {
    throw new Error('FORBIDDEN_TEXT_CHARACTERS no longer starts with a character class');
  }
  // The other alternatives match lone UTF-16 surrogates, which UTF-8 text cannot hold.
  return characterClass.replace(
    /\\u([0-9a-fA-F]{4})/g,
    (_, hex: string) => `\\x{${hex.toLowerCase()}}`,
  );
}

/**
 * The contract as the SQL checks read it: every field with its kind and limits, the refinements the
 * JSON Schema cannot express (country and currency codes, forbidden text characters, the members
 * each event type requires or forbids) and the constants of the business rules.
 */
export function dbtContractSpec(): Record<string, unknown> {
  const minorUnits = Object.fromEntries(
    Object.entries(CURRENCY_MINOR_UNITS).filter(([, units]) => units !== 2),
  );
  return {
    schema_version: SCHEMA_VERSION,
    max_message_bytes: MAX_MESSAGE_BYTES,
    min_event_time: MIN_EVENT_TIME,
    max_future_skew_seconds: MAX_FUTURE_SKEW_MS / 1000,
    forbidden_text_characters: forbiddenCharacterClass(),
    fields: eventFields(),
    countries: [...COUNTRY_CODES].sort(),
    currencies: Object.keys(CURRENCY_MINOR_UNITS).sort(),
    default_minor_units: 2,
    other_minor_units: minorUnits,
    remote_channels: [...REMOTE_CHANNELS].sort(),
    typed_members: TYPED_MEMBERS,
    event_type_members: EVENT_TYPE_MEMBERS,
    cardless_methods: [...CARDLESS_METHODS].sort(),
  };
}

/** `dbt/macros/contract/sales_event_v1.sql`. */
export function renderContractMacro(): string {
  return [
    GENERATED_NOTE,
    '{% macro sales_event_v1() -%}',
    `{{ return(${JSON.stringify(dbtContractSpec(), null, 2)}) }}`,
    '{%- endmacro %}',
    '',
  ].join('\n');
}

/** The DuckDB type of a field in the parsed-event struct. */
function structType(field: FieldSpec): unknown {
  switch (field.kind) {
    case 'object':
      return structOf(field.fields);
    case 'array':
      return [structOf(field.item_fields)];
    case 'integer':
      return 'INTEGER';
    default:
      // Numbers keep their exact decimal text; the models cast them where they need a number.
      return 'VARCHAR';
  }
}

function structOf(fields: readonly FieldSpec[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.key, structType(field)]));
}

/**
 * The fields of the DuckDB struct a payload is parsed into: every field of the event except those
 * Bronze keeps in columns of their own (the models read those from the columns).
 */
export function eventStructShape(): Record<string, unknown> {
  const ownColumns = new Set(SALES_EVENTS_TABLE.columns.map((column) => column.name));
  return structOf(eventFields().filter((field) => !ownColumns.has(field.key)));
}

/** A struct description as the text DuckDB's `from_json` reads, spaced for reading. */
function structText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(structText).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(
      ([key, type]) => `${JSON.stringify(key)}: ${structText(type)}`,
    );
    return `{${members.join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** `dbt/macros/contract/event_shape.sql`. */
export function renderEventShapeMacro(): string {
  const members = Object.entries(eventStructShape()).map(
    ([key, type]) => `${JSON.stringify(key)}: ${structText(type)}`,
  );
  return [
    GENERATED_NOTE,
    '{#- The struct DuckDB parses an event payload into (`parse_event`): every field of the contract',
    '    except those Bronze keeps in columns of their own, integers as INTEGER and every other scalar',
    '    as text (numbers keep their exact decimal text). -#}',
    '{% macro event_struct_shape() -%}',
    `    {${members.join(',\n    ')}}`,
    '{%- endmacro %}',
    '',
  ].join('\n');
}

/** `dbt/seeds/iso_currencies.csv`: every contract currency with its minor units, by code. */
export function renderCurrencySeed(): string {
  const rows = Object.entries(CURRENCY_MINOR_UNITS)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, units]) => `${code},${units}`);
  return `currency_code,minor_units\n${rows.join('\n')}\n`;
}
