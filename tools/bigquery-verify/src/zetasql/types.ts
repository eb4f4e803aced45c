/**
 * GoogleSQL types (`zetasql.TypeProto`) and BigQuery table schemas (the JSON `fields` of the
 * tables API), both ways.
 */

/** A `zetasql.TypeProto` as the client sees it. */
export interface TypeProto {
  type_kind: string;
  array_type?: { element_type: TypeProto };
  struct_type?: { field?: { field_name?: string; field_type: TypeProto }[] };
}

/** A field of a BigQuery table schema (REST representation). */
export interface SchemaField {
  name: string;
  type: string;
  mode?: string;
  description?: string | null;
  fields?: SchemaField[];
}

/** A named, typed column. */
export interface Column {
  name: string;
  type: TypeProto;
}

const SCALAR_TO_KIND: Record<string, string> = {
  STRING: 'TYPE_STRING',
  BYTES: 'TYPE_BYTES',
  INTEGER: 'TYPE_INT64',
  INT64: 'TYPE_INT64',
  FLOAT: 'TYPE_DOUBLE',
  FLOAT64: 'TYPE_DOUBLE',
  NUMERIC: 'TYPE_NUMERIC',
  BIGNUMERIC: 'TYPE_BIGNUMERIC',
  BOOLEAN: 'TYPE_BOOL',
  BOOL: 'TYPE_BOOL',
  TIMESTAMP: 'TYPE_TIMESTAMP',
  DATE: 'TYPE_DATE',
  TIME: 'TYPE_TIME',
  DATETIME: 'TYPE_DATETIME',
  JSON: 'TYPE_JSON',
  GEOGRAPHY: 'TYPE_GEOGRAPHY',
  INTERVAL: 'TYPE_INTERVAL',
};

const KIND_TO_NAME: Record<string, string> = {
  TYPE_STRING: 'STRING',
  TYPE_BYTES: 'BYTES',
  TYPE_INT64: 'INT64',
  TYPE_DOUBLE: 'FLOAT64',
  TYPE_NUMERIC: 'NUMERIC',
  TYPE_BIGNUMERIC: 'BIGNUMERIC',
  TYPE_BOOL: 'BOOL',
  TYPE_TIMESTAMP: 'TIMESTAMP',
  TYPE_DATE: 'DATE',
  TYPE_TIME: 'TIME',
  TYPE_DATETIME: 'DATETIME',
  TYPE_JSON: 'JSON',
  TYPE_GEOGRAPHY: 'GEOGRAPHY',
  TYPE_INTERVAL: 'INTERVAL',
};

/** The scalar type of a BigQuery type name (STRING, INT64, …). */
export function scalarType(name: string): TypeProto {
  const kind = SCALAR_TO_KIND[name.toUpperCase()];
  if (!kind) throw new Error(`unknown BigQuery type ${name}`);
  return { type_kind: kind };
}

/** The GoogleSQL type of one BigQuery schema field (REPEATED → ARRAY, RECORD → STRUCT). */
export function typeOfField(field: SchemaField): TypeProto {
  const type = field.type.toUpperCase();
  const element: TypeProto =
    type === 'RECORD' || type === 'STRUCT'
      ? {
          type_kind: 'TYPE_STRUCT',
          struct_type: {
            field: (field.fields ?? []).map((inner) => ({
              field_name: inner.name,
              field_type: typeOfField(inner),
            })),
          },
        }
      : scalarType(type);
  return field.mode === 'REPEATED'
    ? { type_kind: 'TYPE_ARRAY', array_type: { element_type: element } }
    : element;
}

/** The BigQuery schema field of a column (ARRAY<ARRAY<…>> has none, as in BigQuery). */
export function fieldOfType(name: string, type: TypeProto): SchemaField {
  if (type.type_kind === 'TYPE_ARRAY' && type.array_type) {
    const element = fieldOfType(name, type.array_type.element_type);
    if (element.mode === 'REPEATED') {
      throw new Error(`column ${name}: BigQuery cannot store ${typeName(type)}`);
    }
    return { ...element, mode: 'REPEATED' };
  }
  if (type.type_kind === 'TYPE_STRUCT') {
    return {
      name,
      type: 'RECORD',
      mode: 'NULLABLE',
      fields: (type.struct_type?.field ?? []).map((field, index) =>
        fieldOfType(field.field_name || `_field_${index + 1}`, field.field_type),
      ),
    };
  }
  const scalar = KIND_TO_NAME[type.type_kind];
  if (!scalar) throw new Error(`column ${name}: BigQuery has no type ${type.type_kind}`);
  return { name, type: scalar, mode: 'NULLABLE' };
}

/** A type written as BigQuery SQL writes it: INT64, ARRAY<STRUCT<a STRING>>, … */
export function typeName(type: TypeProto): string {
  if (type.type_kind === 'TYPE_ARRAY' && type.array_type) {
    return `ARRAY<${typeName(type.array_type.element_type)}>`;
  }
  if (type.type_kind === 'TYPE_STRUCT') {
    const fields = (type.struct_type?.field ?? []).map((field) =>
      `${field.field_name ?? ''} ${typeName(field.field_type)}`.trim(),
    );
    return `STRUCT<${fields.join(', ')}>`;
  }
  return KIND_TO_NAME[type.type_kind] ?? type.type_kind.replace(/^TYPE_/, '');
}
