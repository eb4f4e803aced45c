/**
 * A Power BI data source file (`.pbids`): Power BI Desktop opens it, asks for credentials and
 * shows the Navigator on that source. The envelope is Microsoft's ("Use PBIDS files to get
 * data", learn.microsoft.com/power-bi/connect-data/desktop-data-sources): `version` "0.1",
 * exactly one connection, its `details` (`protocol`, `address`) and an optional `mode`
 * (`Import` or `DirectQuery`). A PBIDS file holds no credentials and no table selection.
 */

/**
 * The BigQuery connection. Microsoft's PBIDS examples and the Data Source Reference table they
 * point to list no Google BigQuery entry; the protocol follows the lower-case, hyphenated
 * naming of the documented ones (`sap-hana-sql`, `sharepoint-list`) and the address carries the
 * connector's one connection option, its billing project (`GoogleBigQuery.Database
 * ([BillingProject = …])`). A file exported by Power BI Desktop (File → Options and settings →
 * Data source settings → Export PBIDS) is the reference to compare against.
 */
export const BIGQUERY_PROTOCOL = 'google-bigquery';

/** What a `.pbids` file for BigQuery says. */
export interface PowerBiDataSource {
  readonly billingProject: string;
  /**
   * Import: Power BI reads each table once per refresh. DirectQuery would send a BigQuery job,
   * billed by the bytes it scans, for every visual a reader opens.
   */
  readonly mode: 'Import' | 'DirectQuery';
}

/** The JSON text of a `.pbids` file. */
export function pbidsFile(source: PowerBiDataSource): string {
  const file = {
    version: '0.1',
    connections: [
      {
        details: {
          protocol: BIGQUERY_PROTOCOL,
          address: { billingProject: source.billingProject },
        },
        options: {},
        mode: source.mode,
      },
    ],
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
