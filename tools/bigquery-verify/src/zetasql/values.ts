/**
 * Values between JavaScript and `zetasql.ValueProto`. Plain values are JSON-friendly: INT64,
 * NUMERIC and BIGNUMERIC as decimal strings, TIMESTAMP as RFC 3339 UTC with microseconds, DATE as
 * YYYY-MM-DD, BYTES as base64, JSON as its text, ARRAY as arrays and STRUCT as objects.
 */
import type { Message } from './local-service.js';
import type { TypeProto } from './types.js';

/** A value as the evaluator's tables and results are compared. */
export type PlainValue = null | boolean | number | string | PlainValue[] | PlainObject;
export interface PlainObject {
  [field: string]: PlainValue;
}

const NUMERIC_SCALE = 9;
const BIGNUMERIC_SCALE = 38;
const DAY_MS = 86_400_000;

/** A decimal string scaled to an integer (`"1.5"`, scale 9 → 1500000000n), rounding half away. */
function scaledInteger(text: string, scale: number): bigint {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal number: ${text}`);
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  // Leading zeros stay: the decimal point is counted from the first digit written.
  let digits = `${whole}${fraction}` || '0';
  let point = whole.length + Number(exponent);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  const integerPart = digits.slice(0, point).padEnd(point, '0') || '0';
  const fractionPart = digits.slice(point);
  const kept = fractionPart.slice(0, scale).padEnd(scale, '0');
  let value = BigInt(integerPart + kept);
  if ((fractionPart[scale] ?? '0') >= '5') value += 1n;
  return sign === '-' ? -value : value;
}

function toTwosComplement(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.push(Number(rest & 0xffn));
    rest >>= 8n;
  } while (
    !(rest === 0n && (bytes.at(-1)! & 0x80) === 0) &&
    !(rest === -1n && (bytes.at(-1)! & 0x80) !== 0)
  );
  return Buffer.from(bytes);
}

function fromTwosComplement(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index -= 1) {
    value = (value << 8n) | BigInt(bytes[index]!);
  }
  if (bytes.length > 0 && (bytes[bytes.length - 1]! & 0x80) !== 0) {
    value -= 1n << BigInt(bytes.length * 8);
  }
  return value;
}

/** `1500000000n`, scale 9 → `"1.5"` (no trailing zeros). */
function decimalText(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

function timestampText(seconds: bigint, nanos: number): string {
  const millis = Number(seconds) * 1000;
  const base = new Date(millis).toISOString().slice(0, 19);
  return `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  return new Uint8Array();
}

/** Encodes a plain value of `type` as a ValueProto (null → NULL). */
export function toValueProto(value: PlainValue | undefined, type: TypeProto): Message {
  if (value === null || value === undefined) return {};
  switch (type.type_kind) {
    case 'TYPE_STRING':
      return { string_value: String(value) };
    case 'TYPE_BYTES':
      return { bytes_value: Buffer.from(String(value), 'base64') };
    case 'TYPE_BOOL':
      return { bool_value: Boolean(value) };
    case 'TYPE_INT64':
      return { int64_value: String(value) };
    case 'TYPE_DOUBLE':
      return { double_value: Number(value) };
    case 'TYPE_NUMERIC':
      return { numeric_value: toTwosComplement(scaledInteger(String(value), NUMERIC_SCALE)) };
    case 'TYPE_BIGNUMERIC':
      return { bignumeric_value: toTwosComplement(scaledInteger(String(value), BIGNUMERIC_SCALE)) };
    case 'TYPE_DATE':
      return { date_value: Math.round(Date.parse(`${String(value)}T00:00:00Z`) / DAY_MS) };
    case 'TYPE_TIMESTAMP': {
      const text = String(value);
      const millis = Date.parse(text);
      if (Number.isNaN(millis)) throw new Error(`not a timestamp: ${text}`);
      const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
      const nanos = Number(fraction.padEnd(9, '0').slice(0, 9));
      return { timestamp_value: { seconds: String(Math.floor(millis / 1000)), nanos } };
    }
    case 'TYPE_JSON':
      return { json_value: typeof value === 'string' ? value : JSON.stringify(value) };
    case 'TYPE_ARRAY':
      return {
        array_value: {
          element: (value as PlainValue[]).map((element) =>
            toValueProto(element, type.array_type!.element_type),
          ),
        },
      };
    case 'TYPE_STRUCT': {
      const fields = type.struct_type?.field ?? [];
      const object = value as PlainObject;
      return {
        struct_value: {
          field: fields.map((field) =>
            toValueProto(object[field.field_name ?? ''], field.field_type),
          ),
        },
      };
    }
    default:
      throw new Error(`cannot encode a value of ${type.type_kind}`);
  }
}

/** Decodes a ValueProto of `type` into a plain value. */
export function fromValueProto(proto: Message | undefined, type: TypeProto): PlainValue {
  if (!proto || proto['value'] === undefined) return null;
  switch (type.type_kind) {
    case 'TYPE_STRING':
      return proto['string_value'] as string;
    case 'TYPE_BYTES':
      return Buffer.from(bytesOf(proto['bytes_value'])).toString('base64');
    case 'TYPE_BOOL':
      return proto['bool_value'] as boolean;
    case 'TYPE_INT64':
      return String(proto['int64_value']);
    case 'TYPE_DOUBLE':
      return Number(proto['double_value']);
    case 'TYPE_NUMERIC':
      return decimalText(fromTwosComplement(bytesOf(proto['numeric_value'])), NUMERIC_SCALE);
    case 'TYPE_BIGNUMERIC':
      return decimalText(fromTwosComplement(bytesOf(proto['bignumeric_value'])), BIGNUMERIC_SCALE);
    case 'TYPE_DATE':
      return new Date(Number(proto['date_value']) * DAY_MS).toISOString().slice(0, 10);
    case 'TYPE_TIMESTAMP': {
      const timestamp = proto['timestamp_value'] as { seconds?: string; nanos?: number };
      return timestampText(BigInt(timestamp.seconds ?? '0'), timestamp.nanos ?? 0);
    }
    case 'TYPE_JSON':
      return proto['json_value'] as string;
    case 'TYPE_ARRAY': {
      const elements = ((proto['array_value'] as { element?: Message[] }).element ??
        []) as Message[];
      return elements.map((element) => fromValueProto(element, type.array_type!.element_type));
    }
    case 'TYPE_STRUCT': {
      const values = ((proto['struct_value'] as { field?: Message[] }).field ?? []) as Message[];
      const object: PlainObject = {};
      (type.struct_type?.field ?? []).forEach((field, index) => {
        object[field.field_name || `_field_${index + 1}`] = fromValueProto(
          values[index],
          field.field_type,
        );
      });
      return object;
    }
    default:
      return `<${type.type_kind}>`;
  }
}
