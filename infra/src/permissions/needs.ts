import {
  FX_RATES_TABLE,
  SALES_EVENTS_REJECTED_TABLE,
  SALES_EVENTS_TABLE,
  TOPOLOGY,
} from '@salesflow/contract';
import type { EnvironmentConfig } from '../config/schema.js';
import { Naming } from '../naming.js';
import { DATAFLOW_ERROR_TABLE, SUBSCRIPTION_LANDING_TABLE } from '../stacks/bronze-extra-tables.js';
import { FUNCTION_NAMES } from '../stacks/ingestion/functions.js';
import { ORCHESTRATION_NAMES } from '../stacks/orchestration/names.js';
import { PROJECT_NUMBER } from './agents.js';
import type { Need, Principal, ResourceRef, ServiceAgent } from './types.js';

const account = (component: string): Principal => ({ kind: 'account', component });
const agent = (name: ServiceAgent): Principal => ({ kind: 'agent', agent: name });

const USE_KEY = [
  'cloudkms.cryptoKeyVersions.useToEncrypt',
  'cloudkms.cryptoKeyVersions.useToDecrypt',
];
const READ_TABLES = [
  'bigquery.datasets.get',
  'bigquery.tables.list',
  'bigquery.tables.get',
  'bigquery.tables.getData',
];
const WRITE_ROWS = ['bigquery.tables.get', 'bigquery.tables.updateData'];

/**
 * Everything each runtime identity of an environment must be allowed to do, on which resource, and
 * why — only for the components the configuration switches on. The permission test checks every
 * need against the synthesized IAM; a new code path that calls Google adds its need here.
 */
export function permissionNeeds(config: EnvironmentConfig): Need[] {
  const naming = new Naming(config);
  const { ingestion, orchestrator } = config;
  const bronze = TOPOLOGY.datasets.bronze;
  const bronzeTable = (table: string): ResourceRef => ({ kind: 'table', dataset: bronze, table });
  const topic: ResourceRef = { kind: 'topic', topic: TOPOLOGY.topic };
  const needs: Need[] = [];
  const add = (...more: Need[]): void => {
    needs.push(...more);
  };

  // Producers.
  add({
    principal: account('publisher'),
    permissions: ['pubsub.topics.publish'],
    resource: topic,
    why: 'producers run as this account to publish sales events',
  });
  for (const member of ingestion.publishers) {
    add({
      principal: { kind: 'member', member },
      permissions: ['pubsub.topics.publish'],
      resource: topic,
      why: 'a producer named in ingestion.publishers publishes sales events',
    });
  }

  // ingestSales behind the push subscription.
  if (ingestion.function.enabled) {
    add(
      {
        principal: account('ingest-fn'),
        permissions: ['bigquery.tables.updateData'],
        resource: bronzeTable(SALES_EVENTS_TABLE.name),
        why: 'BigQueryBronzeSink.writeEvents streams valid events with tabledata.insertAll',
      },
      {
        principal: account('ingest-fn'),
        permissions: ['bigquery.tables.updateData'],
        resource: bronzeTable(SALES_EVENTS_REJECTED_TABLE.name),
        why: 'BigQueryBronzeSink.writeRejected streams quarantined messages with tabledata.insertAll',
      },
      {
        principal: account('ingest-push'),
        permissions: ['run.routes.invoke'],
        resource: { kind: 'runService', service: FUNCTION_NAMES.ingestSales },
        why: `the push subscription ${TOPOLOGY.ingestSubscription} calls ingestSales with this account's OIDC token`,
      },
      {
        principal: agent('pubsub'),
        permissions: ['iam.serviceAccounts.getOpenIdToken'],
        resource: { kind: 'serviceAccount', component: 'ingest-push' },
        why: 'Pub/Sub mints the OIDC token of the push identity for every push request',
      },
    );
  }

  // fxRates, started daily by Cloud Scheduler.
  add(
    {
      principal: account('fxrates-fn'),
      permissions: ['bigquery.jobs.create'],
      resource: { kind: 'project' },
      why: 'BigQueryBronzeSink.writeFxRates runs its MERGE as a query job, and jobs belong to the project',
    },
    {
      principal: account('fxrates-fn'),
      permissions: ['bigquery.tables.get', 'bigquery.tables.getData', 'bigquery.tables.updateData'],
      resource: bronzeTable(FX_RATES_TABLE.name),
      why: 'the MERGE reads the rows it matches and updates or inserts them',
    },
    {
      principal: account('fxrates-sched'),
      permissions: ['run.routes.invoke'],
      resource: { kind: 'runService', service: FUNCTION_NAMES.fxRates },
      why: "the Cloud Scheduler job fx-rates-daily calls fxRates with this account's OIDC token",
    },
    {
      principal: agent('cloudScheduler'),
      permissions: ['iam.serviceAccounts.getOpenIdToken'],
      resource: { kind: 'serviceAccount', component: 'fxrates-sched' },
      why: 'Cloud Scheduler mints the OIDC token of fxrates-sched for every call',
    },
  );

  // Function builds (Cloud Build as fn-build) and their images.
  add(
    {
      principal: account('fn-build'),
      permissions: ['storage.objects.get'],
      resource: {
        kind: 'bucket',
        bucket: `gcf-v2-sources-${PROJECT_NUMBER}-${config.region}`,
        objects: true,
      },
      why: 'Cloud Functions copies each source zip into its own sources bucket and the build reads it there',
    },
    {
      principal: account('fn-build'),
      permissions: ['logging.logEntries.create'],
      resource: { kind: 'project' },
      why: 'Cloud Build writes the build log to Cloud Logging',
    },
    {
      principal: account('fn-build'),
      permissions: [
        'artifactregistry.repositories.uploadArtifacts',
        'artifactregistry.repositories.downloadArtifacts',
      ],
      resource: { kind: 'functionImageRepository' },
      why: 'the function build pushes the image and reads its layer cache',
    },
    {
      principal: agent('cloudRun'),
      permissions: ['artifactregistry.repositories.downloadArtifacts'],
      resource: { kind: 'functionImageRepository' },
      why: "Cloud Run pulls each function's image when it deploys a revision",
    },
  );

  // Dataflow workers (PubSub_to_BigQuery_Flex with our UDF).
  if (ingestion.dataflow.enabled) {
    add(
      {
        principal: account('dataflow'),
        everyPermissionOf: 'roles/dataflow.worker',
        resource: { kind: 'project' },
        why: 'Dataflow requires its worker service account to hold Dataflow Worker on the project (work items, status, logs, metrics)',
      },
      {
        principal: account('dataflow'),
        permissions: [
          'storage.objects.create',
          'storage.objects.get',
          'storage.objects.list',
          'storage.objects.delete',
        ],
        resource: { kind: 'bucket', bucket: naming.bucket('dataflow'), objects: true },
        why: 'the Flex template launcher stages the pipeline in staging/ and workers keep temporary files in temp/',
      },
      {
        principal: account('dataflow'),
        permissions: ['storage.objects.get'],
        resource: { kind: 'bucket', bucket: naming.bucket('artifacts'), objects: true },
        why: 'workers load the JavaScript UDF from javascriptTextTransformGcsPath',
      },
      {
        principal: account('dataflow'),
        permissions: ['pubsub.subscriptions.consume', 'pubsub.subscriptions.get'],
        resource: { kind: 'subscription', subscription: TOPOLOGY.dataflowSubscription },
        why: 'PubsubIO pulls and acknowledges from inputSubscription and reads its settings',
      },
      {
        principal: account('dataflow'),
        permissions: WRITE_ROWS,
        resource: bronzeTable(SALES_EVENTS_TABLE.name),
        why: 'BigQueryIO appends valid rows to outputTableSpec through the Storage Write API',
      },
      {
        principal: account('dataflow'),
        permissions: WRITE_ROWS,
        resource: bronzeTable(DATAFLOW_ERROR_TABLE.name),
        why: 'the template looks up outputDeadletterTable and appends the messages it could not land',
      },
    );
  }

  // The Pub/Sub BigQuery subscription.
  if (ingestion.bigQuerySubscription.enabled) {
    add(
      {
        principal: account('bq-sub'),
        permissions: WRITE_ROWS,
        resource: bronzeTable(SUBSCRIPTION_LANDING_TABLE.name),
        why: `the subscription ${TOPOLOGY.bigQuerySubscription} writes its messages with the Storage Write API as this account`,
      },
      {
        principal: agent('pubsub'),
        permissions: ['iam.serviceAccounts.getAccessToken'],
        resource: { kind: 'serviceAccount', component: 'bq-sub' },
        why: 'Pub/Sub mints access tokens of the writer account set as service_account_email',
      },
    );
  }

  // dbt, on Composer or on the Cloud Run job.
  add(
    {
      principal: account('dbt'),
      permissions: ['bigquery.jobs.create'],
      resource: { kind: 'project' },
      why: 'dbt runs every model, snapshot, test and freshness check as a query job',
    },
    {
      principal: account('dbt'),
      permissions: READ_TABLES,
      resource: { kind: 'dataset', dataset: bronze },
      why: 'dbt reads the Bronze sources and their freshness; it writes nothing there',
    },
  );
  for (const layer of [
    TOPOLOGY.datasets.silver,
    TOPOLOGY.datasets.snapshots,
    TOPOLOGY.datasets.gold,
  ]) {
    add({
      principal: account('dbt'),
      permissions: [
        ...READ_TABLES,
        'bigquery.tables.create',
        'bigquery.tables.update',
        'bigquery.tables.updateData',
        'bigquery.tables.delete',
      ],
      resource: { kind: 'dataset', dataset: layer },
      why: `dbt creates, replaces and merges into the tables and views of ${layer} and writes their descriptions`,
    });
  }
  if (orchestrator.kind === 'composer') {
    add(
      {
        principal: account('dbt'),
        everyPermissionOf: 'roles/composer.worker',
        resource: { kind: 'project' },
        why: "Composer requires the environment's service account to hold Composer Worker on the project",
      },
      {
        principal: agent('composer'),
        permissions: ['iam.serviceAccounts.getIamPolicy', 'iam.serviceAccounts.setIamPolicy'],
        resource: { kind: 'serviceAccount', component: 'dbt' },
        why: "Composer 3 binds the environment's workloads to its user-managed service account",
      },
    );
  } else {
    const image = imageRepository(orchestrator.image, config.project);
    add(
      {
        principal: account('dbt-sched'),
        permissions: ['run.jobs.run', 'run.jobs.runWithOverrides'],
        resource: { kind: 'runJob', job: ORCHESTRATION_NAMES.dbtJob },
        why: `Cloud Scheduler starts ${ORCHESTRATION_NAMES.dbtJob} hourly and nightly with its own container arguments`,
      },
      {
        principal: agent('cloudScheduler'),
        permissions: ['iam.serviceAccounts.getAccessToken'],
        resource: { kind: 'serviceAccount', component: 'dbt-sched' },
        why: 'Cloud Scheduler calls the Cloud Run Admin API with an OAuth token of dbt-sched',
      },
      {
        principal: account('fn-build'),
        permissions: ['storage.objects.get'],
        resource: { kind: 'bucket', bucket: `${config.project}_cloudbuild`, objects: true },
        why: 'gcloud builds submit uploads the dbt-runner image sources there and the build reads them',
      },
      {
        principal: account('fn-build'),
        permissions: [
          'artifactregistry.repositories.uploadArtifacts',
          'artifactregistry.repositories.downloadArtifacts',
        ],
        resource: image,
        why: 'the dbt-runner image build pushes the image the job runs',
      },
      {
        principal: agent('cloudRun'),
        permissions: ['artifactregistry.repositories.downloadArtifacts'],
        resource: image,
        why: `Cloud Run pulls the dbt-runner image each time ${ORCHESTRATION_NAMES.dbtJob} starts`,
      },
    );
  }

  // BI tools.
  if (config.biGroup !== undefined) {
    add({
      principal: { kind: 'member', member: `group:${config.biGroup}` },
      permissions: READ_TABLES,
      resource: { kind: 'dataset', dataset: TOPOLOGY.datasets.gold },
      why: "Looker Studio and Power BI read the Gold marts (their query jobs run in the users' own projects)",
    });
  }

  // CMEK: the agent of each service that encrypts our data uses its key.
  if (config.cmek !== undefined) {
    const { regionalKey, bigQueryKey } = config.cmek;
    const useKey = (who: ServiceAgent, key: string, why: string): Need => ({
      principal: agent(who),
      permissions: USE_KEY,
      resource: { kind: 'cryptoKey', key },
      why,
    });
    add(
      useKey(
        'bigquery',
        bigQueryKey,
        'BigQuery encrypts the datasets and tables with the key in their own location',
      ),
      useKey('storage', regionalKey, 'Cloud Storage encrypts the buckets'),
      useKey('pubsub', regionalKey, 'Pub/Sub encrypts the messages of the encrypted topics'),
      useKey('artifactRegistry', regionalKey, 'Artifact Registry encrypts the image repository'),
    );
    if (ingestion.dataflow.enabled) {
      add(
        useKey('dataflow', regionalKey, "Dataflow encrypts the job's state with the job's key"),
        useKey('compute', regionalKey, "Compute Engine encrypts the Dataflow workers' disks"),
      );
    }
    if (orchestrator.kind === 'composer') {
      add(useKey('composer', regionalKey, 'Composer encrypts the environment with its key'));
    } else {
      add(
        useKey(
          'cloudRun',
          regionalKey,
          `Cloud Run encrypts ${ORCHESTRATION_NAMES.dbtJob} with its key`,
        ),
      );
    }
  }
  return needs;
}

/**
 * The Artifact Registry repository an image name (`LOCATION-docker.pkg.dev/PROJECT/REPO/…`) lives
 * in; images elsewhere are outside the permission model and refused.
 */
function imageRepository(image: string, fallbackProject: string): ResourceRef {
  const match = /^([a-z0-9-]+)-docker\.pkg\.dev\/([^/]+)\/([^/]+)\//.exec(image);
  if (!match) {
    throw new Error(
      `the dbt-runner image ${image} is not in Artifact Registry (LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/...)`,
    );
  }
  const [, location, project = fallbackProject, repository = ''] = match;
  return { kind: 'repository', repository, project, ...(location ? { location } : {}) };
}
