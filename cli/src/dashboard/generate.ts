/** The dashboard use case: warehouse file in, one HTML file out. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readChartLibrary } from './chart-library.js';
import { openDuckDbReader } from './duckdb-reader.js';
import { loadDashboard } from './load.js';
import type { DashboardData } from './model.js';
import { renderDashboard } from './render.js';

export interface DashboardRequest {
  readonly warehouse: string;
  readonly out: string;
  readonly reportingCurrency?: string;
  readonly now: Date;
}

export interface DashboardResult {
  /** Absolute path of the written file. */
  readonly path: string;
  readonly bytes: number;
  readonly data: DashboardData;
}

/** Reads Gold from the DuckDB warehouse (read-only) and writes the self-contained page. */
export async function generateDashboard(request: DashboardRequest): Promise<DashboardResult> {
  const reader = await openDuckDbReader(request.warehouse);
  let data: DashboardData;
  try {
    data = await loadDashboard(reader, {
      now: request.now,
      ...(request.reportingCurrency ? { reportingCurrency: request.reportingCurrency } : {}),
    });
  } finally {
    reader.close();
  }
  const html = renderDashboard(data, { chartLibrary: await readChartLibrary() });
  const path = resolve(request.out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html, 'utf8');
  return { path, bytes: Buffer.byteLength(html), data };
}
