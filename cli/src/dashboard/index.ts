/** The static HTML dashboard over the Gold marts. */
export { generateDashboard, type DashboardRequest, type DashboardResult } from './generate.js';
export { loadDashboard, DashboardDataError, type LoadOptions } from './load.js';
export { renderDashboard, type RenderOptions } from './render.js';
export { buildCharts, type ChartSpec, type ValueUnit } from './charts.js';
export { openDuckDbReader, WarehouseUnavailableError } from './duckdb-reader.js';
export { readChartLibrary } from './chart-library.js';
export type { SqlReader } from './sql-reader.js';
export type * from './model.js';
