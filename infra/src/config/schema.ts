import { z } from 'zod';
import { TOPOLOGY } from '@salesflow/contract';

const label = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,62}$/,
    'label keys are lowercase letters, digits, _ or -, starting with a letter',
  );
const labelValue = z
  .string()
  .regex(/^[a-z0-9_-]{0,63}$/, 'label values are lowercase letters, digits, _ or -');
const cron = z
  .string()
  .regex(
    /^(\S+\s+){4}\S+$/,
    'must be a five-field cron expression (minute hour day month weekday)',
  );
const memory = z.string().regex(/^\d+(Mi|Gi)$/, 'memory is written like 256Mi or 1Gi');

/** Environment variables Composer sets itself and rejects in `env_variables`. */
export const COMPOSER_RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  'AIRFLOW_HOME',
  'C_FORCE_ROOT',
  'CONTAINER_NAME',
  'DAGS_FOLDER',
  'GCP_PROJECT',
  'GCS_BUCKET',
  'GKE_CLUSTER_NAME',
  'SQL_DATABASE',
  'SQL_INSTANCE',
  'SQL_PASSWORD',
  'SQL_PROJECT',
  'SQL_REGION',
  'SQL_USER',
]);

/** The ingest Cloud Function (Eventarc Pub/Sub trigger). */
const FunctionPathSchema = z.strictObject({
  enabled: z.boolean(),
  minInstances: z.int().min(0).max(100),
  maxInstances: z.int().min(1).max(1000),
  memory,
  timeoutSeconds: z.int().min(1).max(540),
  /** Concurrent requests per instance (gen2 allows more than one when cpu >= 1). */
  concurrency: z.int().min(1).max(1000),
});

/** Google's `PubSub_to_BigQuery_Flex` template with our JavaScript UDF. */
const DataflowPathSchema = z.strictObject({
  enabled: z.boolean(),
  /** Template release folder under gs://dataflow-templates-REGION/ (e.g. `latest` or `2025-06-03-00_RC00`). */
  templateVersion: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  maxWorkers: z.int().min(1).max(1000),
  machineType: z.string().regex(/^[a-z0-9]+-[a-z0-9-]+$/),
  storageWriteApiStreams: z.int().min(1).max(100),
  storageWriteApiTriggeringFrequencySeconds: z.int().min(1).max(600),
  /** At-least-once Storage Write API mode: cheaper and faster; Silver deduplicates anyway. */
  storageWriteApiAtLeastOnce: z.boolean(),
  /** Workers without public IPs (the subnetwork needs Private Google Access). */
  privateWorkerIps: z.boolean(),
  /** Subnetwork self link or `regions/REGION/subnetworks/NAME`; the default network when absent. */
  subnetwork: z.string().min(1).optional(),
});

/** An IAM principal; never the public ones. */
const member = z
  .string()
  .regex(
    /^(serviceAccount|group|user):[^\s@]+@[^\s@]+$/,
    'must be serviceAccount:, group: or user: followed by an email',
  );

const IngestionSchema = z.strictObject({
  /** Principals allowed to publish sales events (granted on the topic only). */
  publishers: z.array(member),
  function: FunctionPathSchema,
  dataflow: DataflowPathSchema,
  /** Pub/Sub BigQuery subscription: no compute at all, the cheapest path. */
  bigQuerySubscription: z.strictObject({ enabled: z.boolean() }),
  /**
   * Avro topic schema derived from the contract. Off by default: it rejects bad messages at publish
   * time, before they can be counted and quarantined in `bronze.sales_events_rejected`.
   */
  topicSchema: z.strictObject({ enabled: z.boolean() }),
});

const ComposerSchema = z.strictObject({
  kind: z.literal('composer'),
  imageVersion: z
    .string()
    .regex(
      /^composer-3-airflow-2\.10(\.\d+)?(-build\.\d+)?$/,
      'must be a Composer 3 image with Airflow 2.10',
    ),
  environmentSize: z.enum([
    'ENVIRONMENT_SIZE_SMALL',
    'ENVIRONMENT_SIZE_MEDIUM',
    'ENVIRONMENT_SIZE_LARGE',
  ]),
  /** Extra Airflow environment variables, merged over the ones the stack sets. */
  environmentVariables: z.record(
    z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .refine(
        (name) =>
          !name.startsWith('AIRFLOW__') &&
          !name.startsWith('COMPOSER_') &&
          !COMPOSER_RESERVED_VARIABLES.has(name),
        'is reserved by Composer (set Airflow options with airflow config overrides instead)',
      ),
    z.string(),
  ),
});

const CloudRunJobSchema = z.strictObject({
  kind: z.literal('cloud-run-job'),
  /** Container image with dbt-bigquery and the dbt project (built outside this app). */
  image: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?\/[A-Za-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/),
  hourlySchedule: cron,
  dailySchedule: cron,
  timeoutSeconds: z.int().min(60).max(86_400),
  memory,
});

const MonitoringSchema = z.strictObject({
  alertEmail: z.email(),
  /** Oldest unacked message age that pages, per ingest subscription. */
  oldestUnackedAgeSeconds: z.int().min(60),
  /** Share of ingest function requests answered with 5xx that pages (0..1). */
  functionErrorRatio: z.number().gt(0).lt(1),
  dataflowSystemLagSeconds: z.int().min(30),
  /** No new Bronze rows for this long pages. */
  bronzeFreshnessSeconds: z.int().min(600).max(86_400),
});

/** Every setting of one deployment environment; the only place a project id or region appears. */
export const EnvironmentConfigSchema = z
  .strictObject({
    environment: z
      .string()
      .regex(/^[a-z][a-z0-9]{1,9}$/, 'a short lowercase name such as dev or prod'),
    project: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
        'must be a GCP project id (6–30 lowercase letters, digits, -)',
      ),
    region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'must be a GCP region such as europe-west1'),
    /** BigQuery location: a multi-region (EU, US) or the region. */
    bigQueryLocation: z.string().regex(/^(EU|US|[a-z]+-[a-z]+\d+)$/),
    /** Prefix of service-account ids, bucket names and other project-unique names. */
    namePrefix: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, '2–12 lowercase letters or digits'),
    labels: z.record(label, labelValue),
    /** Remote state in GCS; local state when absent. */
    stateBackend: z
      .strictObject({ bucket: z.string().min(3), prefix: z.string().min(1) })
      .optional(),
    /** Cloud KMS key for buckets, datasets, topics and Composer (CMEK); Google-managed keys when absent. */
    kmsKeyName: z
      .string()
      .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/)
      .optional(),
    deletionProtection: z.boolean(),
    retention: z.strictObject({
      /** Partition expiration of `bronze.sales_events_rejected` and the Dataflow error table. */
      rejectedRowsDays: z.int().min(1).max(3650),
      /** Unacked message retention on subscriptions (Pub/Sub allows 10 minutes to 7 days). */
      messageRetentionSeconds: z.int().min(600).max(604_800),
      /** Noncurrent object versions in the artifacts bucket are deleted after this many days. */
      artifactVersionsDays: z.int().min(1),
      /** Dataflow temp and staging files are deleted after this many days. */
      dataflowTempDays: z.int().min(1),
    }),
    ingestion: IngestionSchema,
    fxRates: z.strictObject({ schedule: cron, timeZone: z.string().min(1) }),
    orchestrator: z.discriminatedUnion('kind', [ComposerSchema, CloudRunJobSchema]),
    monitoring: MonitoringSchema,
    /** Google group given read access on `gold` for BI tools (Looker Studio, Power BI). */
    biGroup: z.email().optional(),
  })
  .check((ctx) => {
    const { ingestion } = ctx.value;
    if (
      !ingestion.function.enabled &&
      !ingestion.dataflow.enabled &&
      !ingestion.bigQuerySubscription.enabled
    ) {
      ctx.issues.push({
        code: 'custom',
        path: ['ingestion'],
        message: 'enable at least one ingestion path (function, dataflow or bigQuerySubscription)',
        input: ingestion,
      });
    }
    if (ingestion.function.minInstances > ingestion.function.maxInstances) {
      ctx.issues.push({
        code: 'custom',
        path: ['ingestion', 'function', 'minInstances'],
        message: 'minInstances must not exceed maxInstances',
        input: ingestion.function.minInstances,
      });
    }
  });

/** A validated environment configuration. */
export type EnvironmentConfig = z.infer<typeof EnvironmentConfigSchema>;
/** The configuration as written by hand, before validation. */
export type EnvironmentConfigInput = z.input<typeof EnvironmentConfigSchema>;

/** Parses an environment configuration; throws one readable error listing every problem. */
export function parseEnvironmentConfig(input: unknown): EnvironmentConfig {
  const result = EnvironmentConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const name =
    typeof input === 'object' && input !== null && 'environment' in input
      ? String(input.environment)
      : '?';
  const problems = result.error.issues.map((issue) => {
    // A bad record key nests the reason one level down.
    const nested = issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message) : [];
    const message = nested.length > 0 ? nested.join('; ') : issue.message;
    return `${issue.path.join('.') || '(root)'}: ${message}`;
  });
  throw new Error(`invalid infra config for environment "${name}":\n  ${problems.join('\n  ')}`);
}

/** Default unacked-message retention, shared with the local emulator. */
export const DEFAULT_MESSAGE_RETENTION_SECONDS = TOPOLOGY.messageRetentionSeconds;
