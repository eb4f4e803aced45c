import { openDuckDbReader } from '../src/dashboard/duckdb-reader.js';

/** Rows of a read-only query on a warehouse file (through the dashboard's read-only port). */
export async function queryWarehouse(
  warehouse: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const reader = await openDuckDbReader(warehouse);
  try {
    return await reader.all(sql);
  } finally {
    reader.close();
  }
}

/** The number printed after `label` in the run summary (thousands separators removed). */
export function summaryNumber(summary: string, label: string): number {
  const match = new RegExp(`^\\s+${label}\\s+([\\d,.]+)`, 'm').exec(summary);
  if (!match) throw new Error(`summary has no "${label}" line:\n${summary}`);
  return Number(match[1]!.replaceAll(',', ''));
}
