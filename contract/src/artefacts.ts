import { BRONZE_TABLES, bigQuerySchema } from './bronze.js';
import { salesEventJsonSchema } from './json-schema.js';

/** Every file derived from the contract, by path relative to the contract package. */
export function contractArtefacts(): Record<string, string> {
  const files: Record<string, string> = {
    'schemas/sales-event.v1.schema.json': `${JSON.stringify(salesEventJsonSchema(), null, 2)}\n`,
  };
  for (const table of BRONZE_TABLES) {
    files[`schemas/bigquery/${table.dataset}.${table.name}.json`] =
      `${JSON.stringify(bigQuerySchema(table), null, 2)}\n`;
  }
  return files;
}
