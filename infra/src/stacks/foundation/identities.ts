import { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import type { ProjectService } from '@cdktf/provider-google/lib/project-service/index.js';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema.js';
import type { Naming } from '../../naming.js';

/** One service account per component; absent when the component is switched off. */
export interface Identities {
  readonly ingestFunction?: ServiceAccount;
  /** Identity the push subscription `sales-events-ingest` invokes the ingest function as (OIDC). */
  readonly ingestPusher?: ServiceAccount;
  /** Publishes sales events; producers run as it (workload identity or impersonation, never keys). */
  readonly publisher: ServiceAccount;
  readonly fxRatesFunction: ServiceAccount;
  /** Identity Cloud Scheduler uses to invoke fxRates. */
  readonly fxRatesScheduler: ServiceAccount;
  /** Identity Cloud Build uses to build the functions. */
  readonly functionBuilder: ServiceAccount;
  readonly dataflowWorker?: ServiceAccount;
  /** Identity the BigQuery subscription writes with. */
  readonly bigQuerySubscriptionWriter?: ServiceAccount;
  /** Runs dbt: the Composer environment or the Cloud Run job. */
  readonly orchestrator: ServiceAccount;
  /** Identity Cloud Scheduler uses to start the dbt Cloud Run job. */
  readonly orchestratorScheduler?: ServiceAccount;
}

/** Creates the service accounts of the enabled components. */
export class ServiceIdentities extends Construct {
  readonly identities: Identities;

  constructor(
    scope: Construct,
    id: string,
    config: EnvironmentConfig,
    naming: Naming,
    services: readonly ProjectService[],
  ) {
    super(scope, id);
    const account = (id: string, component: string, description: string): ServiceAccount =>
      new ServiceAccount(this, id, {
        accountId: naming.serviceAccountId(component),
        displayName: `salesflow ${config.environment} ${description}`,
        description: `salesflow: ${description}.`,
        dependsOn: [...services],
      });
    const { ingestion, orchestrator } = config;
    this.identities = {
      ...(ingestion.function.enabled
        ? {
            ingestFunction: account('ingest-function', 'ingest-fn', 'ingestSales function runtime'),
            ingestPusher: account(
              'ingest-pusher',
              'ingest-push',
              'push subscription invoking ingestSales',
            ),
          }
        : {}),
      publisher: account('publisher', 'publisher', 'sales-event publisher'),
      fxRatesFunction: account('fx-function', 'fxrates-fn', 'fxRates function runtime'),
      fxRatesScheduler: account(
        'fx-scheduler',
        'fxrates-sched',
        'Cloud Scheduler invoking fxRates',
      ),
      functionBuilder: account('function-builder', 'fn-build', 'Cloud Build for the functions'),
      ...(ingestion.dataflow.enabled
        ? {
            dataflowWorker: account(
              'dataflow-worker',
              'dataflow',
              'Dataflow Pub/Sub to BigQuery workers',
            ),
          }
        : {}),
      ...(ingestion.bigQuerySubscription.enabled
        ? {
            bigQuerySubscriptionWriter: account(
              'bq-subscription',
              'bq-sub',
              'BigQuery subscription writer',
            ),
          }
        : {}),
      orchestrator: account('orchestrator', 'dbt', `dbt runner (${orchestrator.kind})`),
      ...(orchestrator.kind === 'cloud-run-job'
        ? {
            orchestratorScheduler: account(
              'dbt-scheduler',
              'dbt-sched',
              'Cloud Scheduler starting dbt',
            ),
          }
        : {}),
    };
  }
}
