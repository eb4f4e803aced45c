import { z } from 'zod';
import { SalesEventShape } from './event.js';
import revision1 from '../schemas/avro/sales-event.v1.r1.json' with { type: 'json' };
import revision2 from '../schemas/avro/sales-event.v1.r2.json' with { type: 'json' };

/** An Avro schema as JSON (the form Pub/Sub topic schemas take). */
export type AvroSchema = string | { readonly [key: string]: unknown } | readonly AvroSchema[];

interface JsonSchemaNode {
  type?: string;
  const?: unknown;
  enum?: readonly unknown[];
  format?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: readonly string[];
  items?: JsonSchemaNode;
}

const NAMESPACE = 'dev.salesflow.v1';

/**
 * The Avro record schema of the sales event v1, derived from the zod contract so the two cannot
 * drift: objects become records, enums become Avro enums, optional fields become `["null", T]`
 * unions defaulting to null. Business rules and string formats stay in the contract; Avro only
 * checks shape and types.
 */
export function salesEventAvroSchema(): AvroSchema {
  const jsonSchema = z.toJSONSchema(SalesEventShape, { target: 'draft-2020-12' }) as JsonSchemaNode;
  return toAvro(jsonSchema, 'SalesEvent');
}

/**
 * Every revision of the topic's Avro schema, oldest first, as committed to Pub/Sub: frozen files,
 * never regenerated. The last is the contract's own schema (a test holds the two equal); a contract
 * change that alters the Avro schema adds a file here, which the topic takes as a new revision.
 * The topic sets no revision range, so a message valid against any revision is accepted.
 */
export const AVRO_SCHEMA_REVISIONS: readonly AvroSchema[] = [revision1, revision2];

function toAvro(node: JsonSchemaNode, name: string): AvroSchema {
  if (node.enum !== undefined) {
    return { type: 'enum', name, namespace: NAMESPACE, symbols: node.enum.map(String) };
  }
  if (node.const !== undefined) return typeof node.const === 'number' ? 'int' : 'string';
  switch (node.type) {
    case 'object': {
      const required = new Set(node.required ?? []);
      const fields = Object.entries(node.properties ?? {}).map(([field, child]) => {
        const type = toAvro(child, typeName(name, field));
        return required.has(field)
          ? { name: field, type }
          : { name: field, type: ['null', type], default: null };
      });
      return { type: 'record', name, namespace: NAMESPACE, fields };
    }
    case 'array':
      if (node.items === undefined) throw new Error(`array ${name} has no item schema`);
      return { type: 'array', items: toAvro(node.items, singular(name)) };
    case 'string':
      return node.format === 'uuid' ? { type: 'string', logicalType: 'uuid' } : 'string';
    case 'integer':
      return 'long';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    default:
      throw new Error(`no Avro mapping for JSON Schema type ${String(node.type)} at ${name}`);
  }
}

function typeName(parent: string, field: string): string {
  const pascal = field.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
  return parent === 'SalesEvent' ? pascal : `${parent}${pascal}`;
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : `${name}Item`;
}
