import { BRONZE_TABLES, bigQuerySchema } from './bronze.js';
import { renderContractMacro, renderCurrencySeed, renderEventShapeMacro } from './dbt-artefacts.js';
import { eventFields } from './fields.js';
import { salesEventJsonSchema } from './json-schema.js';

export { GENERATE_COMMAND } from './dbt-artefacts.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every file derived from the contract, by path relative to the repository root: the JSON Schema of
 * the event, the field table the fast validator checks against, the BigQuery schemas of the Bronze
 * tables, and dbt's contract macros and currency seed. `GENERATE_COMMAND` writes them all.
 */
export function contractArtefacts(): Record<string, string> {
  const files: Record<string, string> = {
    'contract/schemas/sales-event.v1.schema.json': json(salesEventJsonSchema()),
    'contract/schemas/sales-event.v1.fields.json': json(eventFields()),
  };
  for (const table of BRONZE_TABLES) {
    files[`contract/schemas/bigquery/${table.dataset}.${table.name}.json`] = json(
      bigQuerySchema(table),
    );
  }
  files['dbt/macros/contract/sales_event_v1.sql'] = renderContractMacro();
  files['dbt/macros/contract/event_shape.sql'] = renderEventShapeMacro();
  files['dbt/seeds/iso_currencies.csv'] = renderCurrencySeed();
  return files;
}
