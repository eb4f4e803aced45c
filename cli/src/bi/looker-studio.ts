/**
 * Looker Studio Linking API URLs (https://developers.google.com/looker-studio/integrate/linking-api).
 *
 * Without a template report the API opens Looker Studio's default report, which has a single
 * embedded data source: its parameters go without an alias (`ds.connector`, …) and
 * `ds.connector=bigQuery` replaces that source in full, so every required BigQuery parameter
 * (`type`, `projectId`, `datasetId`, `tableId`) is given. With a template report (`c.reportId`)
 * the `ds.*` wildcard alias re-points every data source of the template at this environment and
 * keeps each one's table and fields.
 */

/** Where the Linking API lives. */
export const LINKING_API_URL = 'https://lookerstudio.google.com/reporting/create';

/** One BigQuery table for the default report. */
export interface DefaultReportLink {
  readonly reportName: string;
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
  readonly billingProjectId: string;
  /** Time-partitioned: offer the partition column as the report's date range. */
  readonly partitioned: boolean;
  readonly datasourceName: string;
}

/** A template report whose BigQuery data sources are re-pointed at another project and dataset. */
export interface TemplateReportLink {
  readonly reportName: string;
  readonly templateReportId: string;
  readonly projectId: string;
  readonly datasetId: string;
  readonly billingProjectId: string;
}

/** A Linking API URL that creates a report over one Gold table, in edit mode. */
export function defaultReportUrl(link: DefaultReportLink): string {
  return linkingUrl([
    ['c.mode', 'edit'],
    ['r.reportName', link.reportName],
    ['ds.connector', 'bigQuery'],
    ['ds.type', 'TABLE'],
    ['ds.projectId', link.projectId],
    ['ds.datasetId', link.datasetId],
    ['ds.tableId', link.tableId],
    ['ds.billingProjectId', link.billingProjectId],
    ['ds.isPartitioned', String(link.partitioned)],
    ['ds.datasourceName', link.datasourceName],
  ]);
}

/** A Linking API URL that copies a template report onto this environment's Gold dataset. */
export function templateReportUrl(link: TemplateReportLink): string {
  return linkingUrl([
    ['c.reportId', link.templateReportId],
    ['c.mode', 'edit'],
    ['r.reportName', link.reportName],
    // No ds.connector: update the template's sources, keeping each one's table.
    ['ds.*.projectId', link.projectId],
    ['ds.*.datasetId', link.datasetId],
    ['ds.*.billingProjectId', link.billingProjectId],
    // Every environment's Gold has the same columns, so keep the template's field settings.
    ['ds.*.refreshFields', 'false'],
  ]);
}

function linkingUrl(parameters: readonly (readonly [string, string])[]): string {
  const query = parameters
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${LINKING_API_URL}?${query}`;
}
