import type { Command } from 'commander';
import { z } from 'zod';
import { CURRENCY_MINOR_UNITS } from '@salesflow/contract';
import type { DashboardResult } from '../dashboard/index.js';
import { formatCount, formatMoney, formatPercent } from '../dashboard/format.js';
import { parseFlags } from '../flags.js';

const DEFAULT_WAREHOUSE = '.local/warehouse.duckdb';
const DEFAULT_OUT = '.local/dashboard.html';

const DashboardOptions = z.object({
  warehouse: z.string().min(1, '--warehouse must not be empty'),
  out: z.string().min(1, '--out must not be empty'),
  reportingCurrency: z
    .string()
    .transform((code) => code.toUpperCase())
    .refine((code) => Object.hasOwn(CURRENCY_MINOR_UNITS, code), {
      message:
        '--reporting-currency must be an ISO 4217 code the contract knows (e.g. USD, EUR, JPY)',
    })
    .optional(),
});

/** Options of `salesflow dashboard`, parsed once. */
export type DashboardOptions = z.infer<typeof DashboardOptions>;

/** Parses the raw commander options; throws a one-line {@link UsageError} naming the bad flag. */
export function parseDashboardOptions(raw: unknown): DashboardOptions {
  return parseFlags(DashboardOptions, raw);
}

/** `salesflow dashboard`: a self-contained HTML dashboard from the Gold marts of the local warehouse. */
export function register(program: Command): void {
  program
    .command('dashboard')
    .description(
      'write a self-contained HTML dashboard (KPIs, revenue, customers, pipeline health) from the Gold marts',
    )
    .option('--warehouse <path>', 'DuckDB warehouse file, opened read-only', DEFAULT_WAREHOUSE)
    .option('--out <file>', 'HTML file to write', DEFAULT_OUT)
    .option(
      '--reporting-currency <code>',
      'currency Gold must report in (checked; Gold is converted by dbt)',
    )
    .action(async (raw: unknown) => {
      const options = parseDashboardOptions(raw);
      const { generateDashboard } = await import('../dashboard/index.js');
      const result = await generateDashboard({
        warehouse: options.warehouse,
        out: options.out,
        now: new Date(),
        ...(options.reportingCurrency ? { reportingCurrency: options.reportingCurrency } : {}),
      });
      process.stdout.write(summary(result));
    });
}

function summary({ path, bytes, data }: DashboardResult): string {
  const c = data.reportingCurrency;
  const k = data.kpis;
  const p = data.pipeline;
  const rejected = p.rejectionsByReason.reduce((sum, slice) => sum + slice.value, 0);
  const period = data.period ? `${data.period.from} – ${data.period.to}` : 'no orders yet';
  return [
    `dashboard written to ${path} (${formatCount(Math.round(bytes / 1024))} KiB, works offline)`,
    `period ${period}, amounts in ${c}`,
    `${formatCount(k.orders)} orders, gross ${formatMoney(k.grossRevenue, c)}, net ${formatMoney(k.netRevenue, c)}, ` +
      `AOV ${formatMoney(k.averageOrderValue, c)}, refund rate ${formatPercent(k.refundRate)}, ${formatCount(k.activeCustomers)} active customers`,
    `pipeline: ${formatCount(rejected)} rejected, ${formatCount(p.lateEvents)} late events, ${formatCount(p.duplicatesRemoved)} duplicates removed`,
    '',
  ].join('\n');
}
