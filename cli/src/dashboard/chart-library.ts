/** Locates the ECharts browser bundle that gets inlined into the page. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Source of `echarts/dist/echarts.min.js` from the installed package. */
export async function readChartLibrary(): Promise<string> {
  return readFile(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
}
