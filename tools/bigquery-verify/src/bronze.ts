/**
 * The Bronze tables the catalog starts with: the contract's own tables and the two whose layout a
 * Google product dictates (the Dataflow template's error table, the BigQuery subscription's
 * landing table), each with the schema the warehouse stack creates it with.
 */
import { BRONZE_TABLES, bigQuerySchema } from '@salesflow/contract';
import {
  DATAFLOW_ERROR_TABLE,
  SUBSCRIPTION_LANDING_TABLE,
} from '../../../infra/src/stacks/bronze-extra-tables.js';
import type { WarehouseCatalog } from './catalog.js';
import { typeOfField, type SchemaField } from './zetasql/types.js';

/** Bronze table name → BigQuery schema. */
export function bronzeSchemas(): Map<string, SchemaField[]> {
  const schemas = new Map<string, SchemaField[]>();
  for (const table of BRONZE_TABLES) schemas.set(table.name, bigQuerySchema(table));
  for (const table of [DATAFLOW_ERROR_TABLE, SUBSCRIPTION_LANDING_TABLE]) {
    schemas.set(table.name, JSON.parse(JSON.stringify(table.fields)) as SchemaField[]);
  }
  return schemas;
}

/** Adds `project.bronze.*` to the catalog. */
export function addBronze(catalog: WarehouseCatalog, project: string): void {
  for (const [name, fields] of bronzeSchemas()) {
    catalog.putTable({
      project,
      dataset: 'bronze',
      name,
      kind: 'TABLE',
      columns: fields.map((field) => ({ name: field.name, type: typeOfField(field) })),
      description: null,
    });
  }
}
