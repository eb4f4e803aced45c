import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member/index.js';
import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset/index.js';
import { BigqueryTableIamMember } from '@cdktf/provider-google/lib/bigquery-table-iam-member/index.js';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import {
  FX_RATES_TABLE,
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  TOPOLOGY,
  bigQuerySchema,
  type TableDefinition,
} from '@salesflow/contract';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema.js';
import { DATAFLOW_ERROR_TABLE, SUBSCRIPTION_LANDING_TABLE } from './bronze-extra-tables.js';
import { SalesflowStack } from './base.js';
import type { FoundationOutputs } from './foundation.js';

const DAY_MS = 24 * 3600 * 1000;
type DatasetKey = keyof typeof TOPOLOGY.datasets;

/** Bronze tables the ingestion stack writes to. */
export interface BronzeTables {
  readonly salesEvents: BigqueryTable;
  readonly rejected: BigqueryTable;
  readonly fxRates: BigqueryTable;
  /** The Dataflow template's dead-letter table. */
  readonly dataflowErrors: BigqueryTable;
  /** Where the BigQuery subscription writes. */
  readonly subscriptionLanding: BigqueryTable;
}

/** What later stacks receive from the warehouse. */
export interface WarehouseOutputs {
  readonly datasets: Readonly<Record<DatasetKey, BigqueryDataset>>;
  readonly bronze: BronzeTables;
}

/**
 * BigQuery datasets bronze, silver, snapshots and gold; Bronze tables generated from the contract;
 * and dataset- or table-level access for each identity that reads or writes them.
 */
export class WarehouseStack extends SalesflowStack {
  readonly outputs: WarehouseOutputs;

  constructor(scope: Construct, config: EnvironmentConfig, foundation: FoundationOutputs) {
    super(scope, 'warehouse', config);
    const kmsKeyName = config.cmek?.bigQueryKey;
    const encryption = kmsKeyName === undefined ? {} : { encryptionConfiguration: { kmsKeyName } };
    const datasets = Object.fromEntries(
      (Object.keys(TOPOLOGY.datasets) as DatasetKey[]).map((key) => [
        key,
        new BigqueryDataset(this, `dataset-${key}`, {
          datasetId: TOPOLOGY.datasets[key],
          location: config.bigQueryLocation,
          description: DATASET_DESCRIPTIONS[key],
          labels: { ...this.labels, layer: key },
          deleteContentsOnDestroy: !config.deletionProtection,
          ...(kmsKeyName === undefined ? {} : { defaultEncryptionConfiguration: { kmsKeyName } }),
        }),
      ]),
    ) as Record<DatasetKey, BigqueryDataset>;
    const bronze = datasets.bronze;
    const rejectedExpiration = config.retention.rejectedRowsDays * DAY_MS;

    const contractTable = (table: TableDefinition, partitionExpirationMs?: number): BigqueryTable =>
      new BigqueryTable(this, `table-${table.name}`, {
        datasetId: bronze.datasetId,
        tableId: table.name,
        description: table.description,
        schema: JSON.stringify(bigQuerySchema(table)),
        timePartitioning: {
          type: 'DAY',
          field: table.partitionColumn,
          ...(partitionExpirationMs === undefined ? {} : { expirationMs: partitionExpirationMs }),
        },
        clustering: [...table.clustering],
        labels: this.labels,
        deletionProtection: config.deletionProtection,
        ...encryption,
      });
    const external = (
      table: typeof DATAFLOW_ERROR_TABLE | typeof SUBSCRIPTION_LANDING_TABLE,
      partitionExpirationMs?: number,
    ): BigqueryTable =>
      new BigqueryTable(this, `table-${table.name}`, {
        datasetId: bronze.datasetId,
        tableId: table.name,
        description: table.description,
        schema: JSON.stringify(table.fields),
        timePartitioning: {
          type: 'DAY',
          field: table.partitionColumn,
          ...(partitionExpirationMs === undefined ? {} : { expirationMs: partitionExpirationMs }),
        },
        labels: this.labels,
        deletionProtection: config.deletionProtection,
        ...encryption,
      });

    // Every Bronze table exists in every environment, whichever paths are on: dbt reads them all
    // and creates nothing in Bronze.
    const tables: BronzeTables = {
      salesEvents: contractTable(SALES_EVENTS_TABLE),
      rejected: contractTable(SALES_EVENTS_REJECTED_TABLE, rejectedExpiration),
      fxRates: contractTable(FX_RATES_TABLE),
      dataflowErrors: external(DATAFLOW_ERROR_TABLE, rejectedExpiration),
      subscriptionLanding: external(SUBSCRIPTION_LANDING_TABLE),
    };
    this.grantAccess(datasets, tables, foundation);
    this.outputs = { datasets, bronze: tables };
  }

  private grantAccess(
    datasets: Record<DatasetKey, BigqueryDataset>,
    tables: BronzeTables,
    foundation: FoundationOutputs,
  ): void {
    const { identities } = foundation;
    const tableEditor = (id: string, table: BigqueryTable, who: ServiceAccount): void => {
      new BigqueryTableIamMember(this, id, {
        datasetId: table.datasetId,
        tableId: table.tableId,
        role: 'roles/bigquery.dataEditor',
        member: who.member,
      });
    };
    const datasetRole = (
      id: string,
      dataset: BigqueryDataset,
      role: string,
      member: string,
    ): void => {
      new BigqueryDatasetIamMember(this, id, { datasetId: dataset.datasetId, role, member });
    };

    // Writers get exactly the tables they append to.
    if (identities.ingestFunction) {
      tableEditor('ingest-writes-events', tables.salesEvents, identities.ingestFunction);
      tableEditor('ingest-writes-rejected', tables.rejected, identities.ingestFunction);
    }
    tableEditor('fx-writes-rates', tables.fxRates, identities.fxRatesFunction);
    if (identities.dataflowWorker) {
      tableEditor('dataflow-writes-events', tables.salesEvents, identities.dataflowWorker);
      tableEditor('dataflow-writes-errors', tables.dataflowErrors, identities.dataflowWorker);
    }
    if (identities.bigQuerySubscriptionWriter) {
      tableEditor(
        'subscription-writes-landing',
        tables.subscriptionLanding,
        identities.bigQuerySubscriptionWriter,
      );
    }

    // dbt reads Bronze and owns the layers it builds.
    datasetRole(
      'dbt-reads-bronze',
      datasets.bronze,
      'roles/bigquery.dataViewer',
      identities.orchestrator.member,
    );
    for (const key of ['silver', 'snapshots', 'gold'] as const) {
      datasetRole(
        `dbt-builds-${key}`,
        datasets[key],
        'roles/bigquery.dataEditor',
        identities.orchestrator.member,
      );
    }
    if (this.config.biGroup !== undefined) {
      datasetRole(
        'bi-reads-gold',
        datasets.gold,
        'roles/bigquery.dataViewer',
        `group:${this.config.biGroup}`,
      );
    }
  }
}

const DATASET_DESCRIPTIONS: Record<DatasetKey, string> = {
  bronze: 'Landing: every message as received, append-only, at-least-once.',
  silver: 'Typed, deduplicated and conformed data built by dbt.',
  snapshots: 'SCD2 history of customers and products (dbt snapshots).',
  gold: 'Star schema and marts for BI tools.',
};
