import { z } from 'zod';
import { INGEST_ROUTES, TOPOLOGY, type IngestRoute } from '@salesflow/contract';
import { NODE_RUNTIMES } from './runtimes.js';

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
const kmsKey = z
  .string()
  .regex(
    /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/,
    'must be projects/P/locations/L/keyRings/R/cryptoKeys/K',
  );

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

/** vCPU values Cloud Run functions accept for `available_cpu`. */
const FUNCTION_CPUS = ['0.083', '0.167', '0.333', '0.583', '1', '2', '4', '6', '8'] as const;

/** The ingest Cloud Function, fed by the push subscription `sales-events-ingest`. */
const FunctionPathSchema = z.strictObject({
  enabled: z.boolean(),
  minInstances: z.int().min(0).max(100),
  maxInstances: z.int().min(1).max(1000),
  memory,
  /** vCPUs per instance; request concurrency above 1 needs at least one. */
  cpu: z.enum(FUNCTION_CPUS),
  timeoutSeconds: z.int().min(1).max(540),
  /** Concurrent requests per instance. */
  concurrency: z.int().min(1).max(1000),
});

const cidr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-9])$/, 'must be an IPv4 range such as 10.10.0.0/24');

/** Where Dataflow workers run: a network this app creates, or a subnetwork that already exists. */
const DataflowNetworkSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('create'),
    /** Range of the created subnetwork (Private Google Access on, firewall open between workers). */
    subnetCidr: cidr,
  }),
  z.strictObject({
    kind: z.literal('existing'),
    /** `regions/REGION/subnetworks/NAME` or a self link; it needs Private Google Access for private IPs. */
    subnetwork: z
      .string()
      .regex(/(^|\/)regions\/[a-z]+-[a-z]+\d+\/subnetworks\/[a-z]([-a-z0-9]*[a-z0-9])?$/),
  }),
]);

/** Google's `PubSub_to_BigQuery_Flex` template with our JavaScript UDF. */
const DataflowPathSchema = z.strictObject({
  enabled: z.boolean(),
  /** Dated template release under gs://dataflow-templates-REGION/ (never `latest`: a release must not change a running job). */
  templateVersion: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}-\d{2}_RC\d{2}$/,
      'must be a dated template release such as 2025-06-03-00_RC00',
    ),
  maxWorkers: z.int().min(1).max(1000),
  machineType: z.string().regex(/^[a-z0-9]+-[a-z0-9-]+$/),
  storageWriteApiStreams: z.int().min(1).max(100),
  storageWriteApiTriggeringFrequencySeconds: z.int().min(1).max(600),
  /** At-least-once Storage Write API mode: cheaper and faster; Silver deduplicates anyway. */
  storageWriteApiAtLeastOnce: z.boolean(),
  /** Workers without public IPs (the subnetwork needs Private Google Access). */
  privateWorkerIps: z.boolean(),
  network: DataflowNetworkSchema,
});

/** An IAM principal; never the public ones. */
const member = z
  .string()
  .regex(
    /^(serviceAccount|group|user):[^\s@]+@[^\s@]+$/,
    'must be serviceAccount:, group: or user: followed by an email',
  );

const IngestionSchema = z.strictObject({
  /**
   * Principals outside this app allowed to publish sales events (granted on the topic only). The
   * app also creates a publisher service account of its own.
   */
  publishers: z.array(member),
  /**
   * The path that takes messages without a `route` attribute (or naming a path that is switched
   * off); the others take only the messages routed to them, so every message is ingested once.
   */
  defaultRoute: z.enum(INGEST_ROUTES),
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
  /**
   * A pinned build, so an environment is re-created exactly as tested. Airflow 2.11 only: the DAGs
   * are tested on it, and Airflow 2.10.5 gets no new Composer builds, so a 2.10 pin could only age
   * towards its end of support.
   */
  imageVersion: z
    .string()
    .regex(
      /^composer-3-airflow-2\.11\.\d+-build\.\d+$/,
      'must be a pinned Composer 3 build with Airflow 2.11 (composer-3-airflow-2.11.X-build.N)',
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
    /** Node.js runtime of both functions (see runtimes.ts for Google's schedule). */
    functionsRuntime: z.enum(NODE_RUNTIMES),
    /**
     * Customer-managed keys (CMEK); Google-managed keys when absent. BigQuery needs a key in the
     * datasets' own location, so it has its own.
     */
    cmek: z
      .strictObject({
        /** Key in `region`: buckets, Pub/Sub topics, Dataflow, Composer, Artifact Registry, functions. */
        regionalKey: kmsKey,
        /** Key in the BigQuery location (`europe` for EU, `us` for US, else the region): datasets. */
        bigQueryKey: kmsKey,
      })
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
    const { ingestion, cmek } = ctx.value;
    const issue = (path: (string | number)[], message: string, input: unknown): void => {
      ctx.issues.push({ code: 'custom', path, message, input });
    };
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
      issue(
        ['ingestion', 'function', 'minInstances'],
        'minInstances must not exceed maxInstances',
        ingestion.function.minInstances,
      );
    }
    if (ingestion.function.concurrency > 1 && Number(ingestion.function.cpu) < 1) {
      issue(
        ['ingestion', 'function', 'concurrency'],
        'request concurrency above 1 needs cpu of at least 1',
        ingestion.function.concurrency,
      );
    }
    if (!enabledRoutes(ctx.value).includes(ingestion.defaultRoute)) {
      issue(
        ['ingestion', 'defaultRoute'],
        `names a path that is switched off (enabled: ${enabledRoutes(ctx.value).join(', ') || 'none'})`,
        ingestion.defaultRoute,
      );
    }
    if (cmek !== undefined) {
      const regional = keyLocation(cmek.regionalKey);
      if (regional !== ctx.value.region) {
        issue(
          ['cmek', 'regionalKey'],
          `must be in ${ctx.value.region} (the region), not ${regional}`,
          cmek.regionalKey,
        );
      }
      const wanted = bigQueryKeyLocation(ctx.value.bigQueryLocation);
      const actual = keyLocation(cmek.bigQueryKey);
      if (actual !== wanted) {
        issue(
          ['cmek', 'bigQueryKey'],
          `must be in ${wanted} to encrypt datasets in ${ctx.value.bigQueryLocation}, not ${actual}`,
          cmek.bigQueryKey,
        );
      }
    }
  });

/** The location segment of a KMS key name. */
function keyLocation(keyName: string): string {
  return keyName.split('/')[3] ?? '';
}

/** The KMS location whose keys BigQuery accepts for datasets in `location`. */
export function bigQueryKeyLocation(location: string): string {
  if (location === 'EU') return 'europe';
  if (location === 'US') return 'us';
  return location;
}

/** The ingest paths an environment switches on, as route names. */
export function enabledRoutes(config: {
  readonly ingestion: z.infer<typeof IngestionSchema>;
}): IngestRoute[] {
  const { ingestion } = config;
  return INGEST_ROUTES.filter((route) => {
    if (route === 'function') return ingestion.function.enabled;
    if (route === 'dataflow') return ingestion.dataflow.enabled;
    return ingestion.bigQuerySubscription.enabled;
  });
}

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
