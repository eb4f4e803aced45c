/**
 * Compares one table as BigQuery (GoogleSQL's evaluator) and DuckDB hold it: the same columns with
 * corresponding types, and the same rows as a multiset.
 *
 * Types correspond when they mean the same: NUMERIC ↔ DECIMAL, INT64 ↔ any DuckDB integer,
 * TIMESTAMP ↔ TIMESTAMPTZ, DATETIME ↔ TIMESTAMP, STRING ↔ VARCHAR, BYTES ↔ BLOB, JSON ↔ JSON, BOOL ↔
 * BOOLEAN, FLOAT64 ↔ DOUBLE, ARRAY ↔ LIST, STRUCT ↔ STRUCT.
 *
 * Values are compared by meaning, with one tolerance rule:
 * - NUMERIC and DECIMAL as exact decimals, equal within 1e-9 — one unit in the last place of
 *   NUMERIC's nine fractional digits. Money is rounded to minor units on both engines, so any real
 *   difference is far larger; the 1e-9 admits the last digit of a quotient DuckDB computes in
 *   DOUBLE before casting it to DECIMAL(38, 9);
 * - FLOAT64 within a relative 1e-12;
 * - TIMESTAMP as the UTC instant to the microsecond (both engines keep microseconds), DATE as the
 *   calendar date, INT64, STRING, BOOL and BYTES exactly;
 * - JSON by its value: object key order and whitespace do not count, numbers compare by value;
 *   nested values (ARRAY, STRUCT, JSON on one engine and a LIST of STRUCTs on the other) likewise.
 */
import type { TypeProto } from '../zetasql/types.js';
import { typeName } from '../zetasql/types.js';
import type { PlainValue } from '../zetasql/values.js';

/** What a column holds, whichever engine's type it has. */
export type Family =
  | 'string'
  | 'int'
  | 'numeric'
  | 'double'
  | 'timestamp'
  | 'datetime'
  | 'date'
  | 'bool'
  | 'json'
  | 'bytes'
  | 'array'
  | 'struct'
  | 'other';

/** A table of one engine, ready to compare. */
export interface ComparableTable {
  readonly columns: readonly {
    readonly name: string;
    readonly type: string;
    readonly family: Family;
  }[];
  readonly rows: readonly (readonly PlainValue[])[];
}

/** A justified difference: a column whose values (or type) may differ, and why. */
export interface JustifiedDifference {
  /** `dataset.table`. */
  readonly table: string;
  readonly column: string;
  /**
   * `value`: the column's values differ and are left out of the row match; `json-text`: a STRING
   * column holding JSON text, compared by the JSON's value; `type`: the two types do not
   * correspond (the values are still compared, by meaning).
   */
  readonly kind: 'value' | 'json-text' | 'type';
  /** Only the rows whose columns hold these texts (a `value` entry for some rows only). */
  readonly where?: Readonly<Record<string, string>>;
  readonly reason: string;
}

/** The outcome for one table. */
export interface TableComparison {
  readonly table: string;
  readonly bigQueryRows: number;
  readonly duckDbRows: number;
  /** Unjustified differences, each a readable paragraph. */
  readonly differences: string[];
  /** Justified differences that applied (each entry is used, or reported as stale). */
  readonly justified: JustifiedDifference[];
}

const KIND_FAMILY: Record<string, Family> = {
  TYPE_STRING: 'string',
  TYPE_INT64: 'int',
  TYPE_NUMERIC: 'numeric',
  TYPE_BIGNUMERIC: 'numeric',
  TYPE_DOUBLE: 'double',
  TYPE_TIMESTAMP: 'timestamp',
  TYPE_DATETIME: 'datetime',
  TYPE_DATE: 'date',
  TYPE_BOOL: 'bool',
  TYPE_JSON: 'json',
  TYPE_BYTES: 'bytes',
  TYPE_ARRAY: 'array',
  TYPE_STRUCT: 'struct',
};

/** The family of a GoogleSQL type. */
export function bigQueryFamily(type: TypeProto): Family {
  return KIND_FAMILY[type.type_kind] ?? 'other';
}

/** The family of a DuckDB type name (as information_schema spells it). */
export function duckDbFamily(type: string): Family {
  if (type.endsWith(']')) return 'array';
  if (type.startsWith('STRUCT')) return 'struct';
  if (type.startsWith('DECIMAL')) return 'numeric';
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UHUGEINT)$/.test(type)) return 'int';
  const families: Record<string, Family> = {
    VARCHAR: 'string',
    DOUBLE: 'double',
    FLOAT: 'double',
    'TIMESTAMP WITH TIME ZONE': 'timestamp',
    TIMESTAMP: 'datetime',
    DATE: 'date',
    BOOLEAN: 'bool',
    JSON: 'json',
    BLOB: 'bytes',
  };
  return families[type] ?? 'other';
}

/** A BigQuery table as comparable. */
export function bigQueryTable(
  columns: readonly { name: string; type: TypeProto }[],
  rows: readonly (readonly PlainValue[])[],
): ComparableTable {
  return {
    columns: columns.map((c) => ({
      name: c.name,
      type: typeName(c.type),
      family: bigQueryFamily(c.type),
    })),
    rows,
  };
}

/** A DuckDB table as comparable. */
export function duckDbTable(
  columns: readonly { name: string; type: string }[],
  rows: readonly (readonly PlainValue[])[],
): ComparableTable {
  return { columns: columns.map((c) => ({ ...c, family: duckDbFamily(c.type) })), rows };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal text or number as an integer of 1e-9 units (exact for decimal text). */
function nanoUnits(value: PlainValue): bigint | undefined {
  const textValue = typeof value === 'number' ? value.toFixed(12) : String(value);
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(textValue.trim());
  if (!match) return undefined;
  const [, sign, whole = '', fraction = ''] = match;
  const kept = `${fraction}0000000000`.slice(0, 10);
  let units = BigInt(`${whole || '0'}${kept.slice(0, 9)}`);
  if (kept[9]! >= '5') units += 1n;
  return sign === '-' ? -units : units;
}

/** Canonical text of a decimal (no exponent, no trailing zeros, no negative zero). */
function canonicalDecimal(value: PlainValue): string {
  const units = nanoUnits(value);
  if (units === undefined) return String(value);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(10, '0');
  const fraction = digits.slice(-9).replace(/0+$/, '');
  const whole = digits.slice(0, -9);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A nested value (JSON, ARRAY, STRUCT) as canonical text: sorted keys, numbers by value. */
function canonicalNested(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  // A number and its decimal text are one value: DuckDB reads JSON numbers into text fields.
  if (typeof value === 'number') return JSON.stringify(canonicalDecimal(value));
  if (typeof value === 'string')
    return JSON.stringify(DECIMAL.test(value) ? canonicalDecimal(value) : value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalNested).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalNested(inner)}`).join(',')}}`;
}

/** JSON text parsed, or the text itself when it is not JSON. */
function parsedJson(value: PlainValue): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

type Rule = 'exact' | 'nested' | 'decimal' | 'double';

/** How a column is compared, given both families (and a json-text justification). */
function ruleFor(bigQuery: Family, duckDb: Family, jsonText: boolean): Rule {
  const nested = new Set<Family>(['json', 'array', 'struct']);
  if (jsonText || nested.has(bigQuery) || nested.has(duckDb)) return 'nested';
  if (bigQuery === 'double' || duckDb === 'double') return 'double';
  if (bigQuery === 'numeric' || duckDb === 'numeric') return 'decimal';
  return 'exact';
}

/** The comparable form of a value under an exact or nested rule. */
function keyOf(value: PlainValue, rule: Rule, family: Family): string {
  if (value === null || value === undefined) return '∅';
  if (rule === 'nested')
    return canonicalNested(
      family === 'json' || typeof value === 'string' ? parsedJson(value) : value,
    );
  if (family === 'int') return canonicalDecimal(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function withinTolerance(a: PlainValue, b: PlainValue, rule: Rule): boolean {
  if (a === null || b === null || a === undefined || b === undefined)
    return a === b || (a == null && b == null);
  if (rule === 'decimal') {
    const x = nanoUnits(a);
    const y = nanoUnits(b);
    if (x === undefined || y === undefined) return String(a) === String(b);
    const delta = x - y;
    return delta <= 1n && delta >= -1n;
  }
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  return Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));
}

/** Shows a value in a difference report (long texts cut). */
function show(value: PlainValue | undefined): string {
  const textValue =
    value === null || value === undefined
      ? 'NULL'
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  return textValue.length > 120 ? `${textValue.slice(0, 117)}…` : textValue;
}

interface Aligned {
  readonly name: string;
  readonly bigQuery: number;
  readonly duckDb: number;
  readonly rule: Rule;
  readonly bigQueryFamily: Family;
  readonly duckDbFamily: Family;
}

const SAMPLE_ROWS = 3;
const ANY = '\u0002any';

/** Whether a justification applies to a row (all of its `where` columns hold the given text). */
function applies(
  entry: JustifiedDifference,
  row: readonly PlainValue[],
  index: ReadonlyMap<string, number>,
): boolean {
  return Object.entries(entry.where ?? {}).every(
    ([column, value]) => String(row[index.get(column.toLowerCase()) ?? -1] ?? '') === value,
  );
}

/** The differences of a table under a set of justifications. */
function differencesUnder(
  table: string,
  bigQuery: ComparableTable,
  duckDb: ComparableTable,
  justified: readonly JustifiedDifference[],
): string[] {
  const differences: string[] = [];
  const entry = (column: string, kind: JustifiedDifference['kind']) =>
    justified.filter((j) => j.column.toLowerCase() === column.toLowerCase() && j.kind === kind);
  const bigQueryIndex = new Map(
    bigQuery.columns.map((column, index) => [column.name.toLowerCase(), index]),
  );
  const duckDbIndex = new Map(
    duckDb.columns.map((column, index) => [column.name.toLowerCase(), index]),
  );
  const unseen = new Map(duckDbIndex);
  const aligned: (Aligned & { readonly ignoredFor: readonly JustifiedDifference[] })[] = [];
  for (const [index, column] of bigQuery.columns.entries()) {
    const duckIndex = duckDbIndex.get(column.name.toLowerCase());
    if (duckIndex === undefined) {
      differences.push(`column ${column.name} (${column.type}) exists on BigQuery only`);
      continue;
    }
    unseen.delete(column.name.toLowerCase());
    const duckColumn = duckDb.columns[duckIndex]!;
    if (column.family !== duckColumn.family && entry(column.name, 'type').length === 0) {
      differences.push(
        `column ${column.name}: ${column.type} on BigQuery, ${duckColumn.type} on DuckDB (types that do not correspond)`,
      );
    }
    aligned.push({
      name: column.name,
      bigQuery: index,
      duckDb: duckIndex,
      rule: ruleFor(column.family, duckColumn.family, entry(column.name, 'json-text').length > 0),
      bigQueryFamily: column.family,
      duckDbFamily: duckColumn.family,
      ignoredFor: entry(column.name, 'value'),
    });
  }
  for (const index of unseen.values()) {
    const column = duckDb.columns[index]!;
    differences.push(`column ${column.name} (${column.type}) exists on DuckDB only`);
  }

  // A justified value counts as any value: its cell is left out of the match.
  const ignored = (
    column: (typeof aligned)[number],
    row: readonly PlainValue[],
    side: 'bigQuery' | 'duckDb',
  ) =>
    column.ignoredFor.some((j) =>
      applies(j, row, side === 'bigQuery' ? bigQueryIndex : duckDbIndex),
    );
  const exact = aligned.filter((column) => column.rule === 'exact' || column.rule === 'nested');
  const tolerant = aligned.filter(
    (column) => column.rule === 'decimal' || column.rule === 'double',
  );
  const bucketKey = (row: readonly PlainValue[], side: 'bigQuery' | 'duckDb') =>
    exact
      .map((column) =>
        ignored(column, row, side)
          ? ANY
          : keyOf(
              row[column[side]] ?? null,
              column.rule,
              side === 'bigQuery' ? column.bigQueryFamily : column.duckDbFamily,
            ),
      )
      .join('\u0001');
  const buckets = new Map<string, (readonly PlainValue[])[]>();
  for (const row of duckDb.rows) {
    const key = bucketKey(row, 'duckDb');
    buckets.set(key, [...(buckets.get(key) ?? []), row]);
  }
  const unmatchedBigQuery: (readonly PlainValue[])[] = [];
  for (const row of bigQuery.rows) {
    const candidates = buckets.get(bucketKey(row, 'bigQuery')) ?? [];
    const found = candidates.findIndex((other) =>
      tolerant.every(
        (column) =>
          ignored(column, row, 'bigQuery') ||
          withinTolerance(row[column.bigQuery] ?? null, other[column.duckDb] ?? null, column.rule),
      ),
    );
    if (found === -1) unmatchedBigQuery.push(row);
    else candidates.splice(found, 1);
  }
  const unmatchedDuckDb = [...buckets.values()].flat();
  if (unmatchedBigQuery.length > 0 || unmatchedDuckDb.length > 0) {
    differences.push(
      describeRows(
        table,
        aligned,
        bigQuery.rows.length,
        duckDb.rows.length,
        unmatchedBigQuery,
        unmatchedDuckDb,
      ),
    );
  }
  return differences;
}

/**
 * Compares one table; `justified` are the entries for this table. An entry that changes nothing
 * (the table compares the same without it) is reported as a difference of its own.
 */
export function compareTable(
  table: string,
  bigQuery: ComparableTable,
  duckDb: ComparableTable,
  justified: readonly JustifiedDifference[],
): TableComparison {
  const differences = differencesUnder(table, bigQuery, duckDb, justified);
  const used: JustifiedDifference[] = [];
  for (const candidate of justified) {
    const without = differencesUnder(
      table,
      bigQuery,
      duckDb,
      justified.filter((j) => j !== candidate),
    );
    if (without.join('\n') === differences.join('\n')) {
      differences.push(
        `justified difference no longer seen — remove it from the list: ${candidate.kind} of ${candidate.column}` +
          `${candidate.where ? ` where ${JSON.stringify(candidate.where)}` : ''}`,
      );
    } else {
      used.push(candidate);
    }
  }
  return {
    table,
    bigQueryRows: bigQuery.rows.length,
    duckDbRows: duckDb.rows.length,
    differences,
    justified: used,
  };
}

/** The unmatched rows, paired by likeness, with the columns that differ. */
function describeRows(
  table: string,
  columns: readonly Aligned[],
  bigQueryCount: number,
  duckDbCount: number,
  bigQueryRows: (readonly PlainValue[])[],
  duckDbRows: (readonly PlainValue[])[],
): string {
  const equal = (a: readonly PlainValue[], b: readonly PlainValue[], column: Aligned) =>
    column.rule === 'decimal' || column.rule === 'double'
      ? withinTolerance(a[column.bigQuery] ?? null, b[column.duckDb] ?? null, column.rule)
      : keyOf(a[column.bigQuery] ?? null, column.rule, column.bigQueryFamily) ===
        keyOf(b[column.duckDb] ?? null, column.rule, column.duckDbFamily);
  const lines = [
    `rows differ in ${table}: BigQuery ${bigQueryCount} rows, DuckDB ${duckDbCount}; ` +
      `${bigQueryRows.length} BigQuery row(s) and ${duckDbRows.length} DuckDB row(s) without a match`,
  ];
  // Rows in a stable order (by their text), whatever order each engine returned them in.
  const byText = (a: readonly PlainValue[], b: readonly PlainValue[]) => {
    const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const remaining = [...duckDbRows].sort(byText);
  const differingColumns = new Set<string>();
  for (const row of [...bigQueryRows].sort(byText)) {
    let best = -1;
    let bestScore = -1;
    remaining.forEach((other, index) => {
      const score = columns.filter((column) => equal(row, other, column)).length;
      if (score > bestScore) [best, bestScore] = [index, score];
    });
    if (best === -1) {
      if (lines.length <= SAMPLE_ROWS) {
        lines.push(
          `  BigQuery only: ${columns.map((c) => `${c.name}=${show(row[c.bigQuery])}`).join(', ')}`,
        );
      }
      continue;
    }
    const [other] = remaining.splice(best, 1);
    const differing = columns.filter((column) => !equal(row, other!, column));
    for (const column of differing) differingColumns.add(column.name);
    if (lines.length <= SAMPLE_ROWS) {
      const identity = columns
        .filter((column) => !differing.includes(column))
        .slice(0, 3)
        .map((column) => `${column.name}=${show(row[column.bigQuery])}`)
        .join(', ');
      lines.push(
        `  row ${identity}: ` +
          differing
            .map(
              (column) =>
                `${column.name} BigQuery ${show(row[column.bigQuery])} ≠ DuckDB ${show(other![column.duckDb])}`,
            )
            .join('; '),
      );
    }
  }
  for (const row of remaining.slice(0, Math.max(0, SAMPLE_ROWS + 1 - lines.length))) {
    lines.push(
      `  DuckDB only: ${columns.map((c) => `${c.name}=${show(row[c.duckDb])}`).join(', ')}`,
    );
  }
  if (differingColumns.size > 0)
    lines.push(`  differing column(s): ${[...differingColumns].join(', ')}`);
  return lines.join('\n');
}
