/**
 * A separate process that holds the warehouse file open read-write — as dbt does during a run —
 * and counts `bronze.sales_events` every few milliseconds, printing `{"count":N}` lines.
 * Usage: tsx warehouse-reader.ts WAREHOUSE_PATH DURATION_MS
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [path, durationArg] = process.argv.slice(2);
if (!path || !durationArg) throw new Error('usage: warehouse-reader.ts WAREHOUSE_PATH DURATION_MS');
const instance = await DuckDBInstance.create(path);
const connection = await instance.connect();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const until = Date.now() + Number(durationArg);
while (Date.now() < until) {
  const reader = await connection.runAndReadAll(
    'SELECT count(*)::INTEGER AS n FROM bronze.sales_events',
  );
  process.stdout.write(`${JSON.stringify({ count: reader.getRowObjects()[0]?.['n'] })}\n`);
  // A write through the same lock, as dbt's models do, proves the reader really holds the file.
  await connection.run(
    'CREATE OR REPLACE TABLE silver.reader_probe AS SELECT count(*) AS n FROM bronze.sales_events',
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
}
connection.closeSync();
instance.closeSync();
