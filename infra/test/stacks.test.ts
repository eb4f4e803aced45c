import { Testing } from 'cdktf';
import { TOPOLOGY, SALES_EVENTS_TABLE, bigQuerySchema } from '@salesflow/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { addEnvironment, type EnvironmentStacks } from '../src/app.js';
import { COMPOSER_IMAGE } from '../config/releases.js';
import {
  CLOUD_RUN_JOB_ORCHESTRATOR,
  FIXTURE_ARTIFACTS,
  everythingConfig,
} from './support/fixtures.js';

type Synthesized = Record<keyof EnvironmentStacks, string>;
const config = everythingConfig();
let synth: Synthesized;

beforeAll(() => {
  const stacks = addEnvironment(Testing.app(), config, FIXTURE_ARTIFACTS);
  synth = Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => [name, Testing.synth(stack)]),
  ) as Synthesized;
});

const has = (json: string, type: string, properties: Record<string, unknown>): boolean =>
  Testing.toHaveResourceWithProperties(json, type, properties);

/** All resources of one type in a synthesized stack. */
function resources(json: string, type: string): Record<string, unknown>[] {
  const parsed = JSON.parse(json) as {
    resource?: Record<string, Record<string, Record<string, unknown>>>;
  };
  return Object.values(parsed.resource?.[type] ?? {});
}

describe('foundation stack', () => {
  it('enables the APIs the components need', () => {
    for (const service of [
      'pubsub.googleapis.com',
      'dataflow.googleapis.com',
      'composer.googleapis.com',
      'cloudkms.googleapis.com',
    ]) {
      expect(
        has(synth.foundation, 'google_project_service', { service, disable_on_destroy: false }),
      ).toBe(true);
    }
  });

  it('creates one service account per component', () => {
    const ids = resources(synth.foundation, 'google_service_account').map((sa) => sa['account_id']);
    expect(ids).toEqual(
      expect.arrayContaining([
        'sfprod-ingest-fn',
        'sfprod-ingest-push',
        'sfprod-publisher',
        'sfprod-fxrates-fn',
        'sfprod-fxrates-sched',
        'sfprod-fn-build',
        'sfprod-dataflow',
        'sfprod-bq-sub',
        'sfprod-dbt',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes versioned, private, CMEK-encrypted buckets with lifecycle rules', () => {
    expect(
      has(synth.foundation, 'google_storage_bucket', {
        name: 'salesflow-prod-artifacts',
        uniform_bucket_level_access: true,
        public_access_prevention: 'enforced',
        versioning: { enabled: true },
        encryption: { default_kms_key_name: config.cmek?.regionalKey },
      }),
    ).toBe(true);
    const dataflow = resources(synth.foundation, 'google_storage_bucket').find(
      (b) => b['name'] === 'salesflow-prod-dataflow',
    );
    // Only temp/ is scratch: staging/ holds what a running job was launched from.
    const deletions = (
      dataflow?.['lifecycle_rule'] as {
        action: { type: string };
        condition: Record<string, unknown>;
      }[]
    ).filter((rule) => rule.action.type === 'Delete' && rule.condition['age'] !== undefined);
    expect(deletions).toEqual([
      {
        action: { type: 'Delete' },
        condition: { age: config.retention.dataflowTempDays, matches_prefix: ['temp/'] },
      },
    ]);
  });

  it('creates the service agents before anything is granted to them', () => {
    const identities = resources(synth.foundation, 'google_project_service_identity').map(
      (identity) => identity['service'],
    );
    expect(identities.sort()).toEqual(
      [
        'artifactregistry.googleapis.com',
        'composer.googleapis.com',
        'dataflow.googleapis.com',
        'pubsub.googleapis.com',
      ].sort(),
    );
    for (const grant of resources(synth.foundation, 'google_kms_crypto_key_iam_member')) {
      expect(JSON.stringify(grant['depends_on'])).toContain('google_project_service_identity');
    }
  });

  it('gives Dataflow workers a network of their own with Private Google Access', () => {
    expect(
      has(synth.foundation, 'google_compute_subnetwork', {
        private_ip_google_access: true,
        ip_cidr_range: '10.8.0.0/24',
        region: config.region,
      }),
    ).toBe(true);
    expect(
      has(synth.foundation, 'google_compute_firewall', {
        direction: 'INGRESS',
        source_tags: ['dataflow'],
        target_tags: ['dataflow'],
        allow: [{ protocol: 'tcp', ports: ['12345-12346'] }],
      }),
    ).toBe(true);
  });

  it('lets the build account read only the buckets its sources land in', () => {
    const reads = resources(synth.foundation, 'google_project_iam_member').filter(
      (m) => m['role'] === 'roles/storage.objectViewer',
    ) as { condition: { expression: string } }[];
    expect(reads.map((r) => r.condition.expression).sort()).toEqual(
      [
        'resource.name == "projects/_/buckets/gcf-v2-sources-${data.google_project.project.number}-europe-west1" || resource.name.startsWith("projects/_/buckets/gcf-v2-sources-${data.google_project.project.number}-europe-west1/") || resource.name.startsWith("projects/_/buckets/gcf-v2-sources-${data.google_project.project.number}-europe-west1-")',
      ].sort(),
    );
    // The dbt image is built only for the Cloud Run job orchestrator; prod runs Composer.
    expect(JSON.stringify(reads)).not.toContain('_cloudbuild');
    expect(
      has(synth.foundation, 'google_artifact_registry_repository_iam_member', {
        role: 'roles/artifactregistry.writer',
      }),
    ).toBe(true);
  });

  it('grants project-level roles only where no narrower scope exists', () => {
    const roles = resources(synth.foundation, 'google_project_iam_member').map((m) => m['role']);
    expect(roles.sort()).toEqual(
      [
        'roles/bigquery.jobUser',
        'roles/bigquery.jobUser',
        'roles/composer.worker',
        'roles/dataflow.worker',
        'roles/logging.logWriter',
        'roles/storage.objectViewer',
      ].sort(),
    );
  });

  it('lets each Google service agent use its CMEK key, on the key only', () => {
    const grants = resources(synth.foundation, 'google_kms_crypto_key_iam_member');
    const keyOf = (agent: string) =>
      grants.filter((g) => String(g['member']).includes(agent)).map((g) => g['crypto_key_id']);
    expect(keyOf('bigquery')).toEqual([config.cmek?.bigQueryKey]);
    for (const agent of [
      'gcp-sa-pubsub',
      'gcp-sa-artifactregistry',
      'dataflow-service-producer-prod',
      'compute-system',
      'cloudcomposer-accounts',
      'storage',
    ])
      expect(keyOf(agent), agent).toEqual([config.cmek?.regionalKey]);
    expect(grants).toHaveLength(7);
  });
});

describe('warehouse stack', () => {
  it('creates the four datasets with location, labels and CMEK', () => {
    for (const dataset of Object.values(TOPOLOGY.datasets)) {
      expect(
        has(synth.warehouse, 'google_bigquery_dataset', {
          dataset_id: dataset,
          location: config.bigQueryLocation,
          labels: { ...config.labels, layer: dataset },
          default_encryption_configuration: { kms_key_name: config.cmek?.bigQueryKey },
        }),
      ).toBe(true);
    }
  });

  it('generates Bronze table schemas from the contract with partitioning and clustering', () => {
    expect(
      has(synth.warehouse, 'google_bigquery_table', {
        table_id: SALES_EVENTS_TABLE.name,
        schema: JSON.stringify(bigQuerySchema(SALES_EVENTS_TABLE)),
        time_partitioning: { type: 'DAY', field: 'ingested_at' },
        clustering: [...SALES_EVENTS_TABLE.clustering],
        deletion_protection: true,
      }),
    ).toBe(true);
  });

  it('expires rejected rows and Dataflow error records after the configured retention', () => {
    const expirationMs = config.retention.rejectedRowsDays * 86_400_000;
    for (const table_id of ['sales_events_rejected', 'sales_events_error_records']) {
      expect(
        has(synth.warehouse, 'google_bigquery_table', {
          table_id,
          time_partitioning: { expiration_ms: expirationMs },
        }),
      ).toBe(true);
    }
    const errorTable = resources(synth.warehouse, 'google_bigquery_table').find(
      (t) => t['table_id'] === 'sales_events_error_records',
    );
    const fields = JSON.parse(String(errorTable?.['schema'])) as { name: string }[];
    expect(fields.map((f) => f.name)).toEqual([
      'timestamp',
      'payloadString',
      'payloadBytes',
      'attributes',
      'errorMessage',
      'stacktrace',
    ]);
  });

  it('gives writers table-level access and the BI group read access on gold', () => {
    const tableGrants = resources(synth.warehouse, 'google_bigquery_table_iam_member');
    expect(tableGrants.length).toBe(6);
    expect(tableGrants.every((g) => g['role'] === 'roles/bigquery.dataEditor')).toBe(true);
    expect(
      has(synth.warehouse, 'google_bigquery_dataset_iam_member', {
        role: 'roles/bigquery.dataViewer',
        member: `group:${config.biGroup}`,
      }),
    ).toBe(true);
  });
});

describe('ingestion stack', () => {
  it('creates the topic, the dead-letter topic and its subscription with the shared names', () => {
    expect(
      has(synth.ingestion, 'google_pubsub_topic', {
        name: TOPOLOGY.topic,
        kms_key_name: config.cmek?.regionalKey,
      }),
    ).toBe(true);
    expect(has(synth.ingestion, 'google_pubsub_topic', { name: TOPOLOGY.deadLetterTopic })).toBe(
      true,
    );
    expect(
      has(synth.ingestion, 'google_pubsub_subscription', {
        name: TOPOLOGY.deadLetterSubscription,
        message_retention_duration: '604800s',
      }),
    ).toBe(true);
  });

  it('gives the pushing and the BigQuery subscriptions dead-letter and retry policies from the topology', () => {
    for (const name of [TOPOLOGY.ingestSubscription, TOPOLOGY.bigQuerySubscription]) {
      expect(
        has(synth.ingestion, 'google_pubsub_subscription', {
          name,
          dead_letter_policy: { max_delivery_attempts: TOPOLOGY.maxDeliveryAttempts },
          retry_policy: {
            minimum_backoff: `${TOPOLOGY.retryMinimumBackoffSeconds}s`,
            maximum_backoff: `${TOPOLOGY.retryMaximumBackoffSeconds}s`,
          },
          message_retention_duration: `${config.retention.messageRetentionSeconds}s`,
        }),
      ).toBe(true);
    }
    // Dataflow acks what its first stage read: a dead-letter policy there could never fire.
    const dataflow = resources(synth.ingestion, 'google_pubsub_subscription').find(
      (s) => s['name'] === TOPOLOGY.dataflowSubscription,
    );
    expect(dataflow).toBeDefined();
    expect(dataflow).not.toHaveProperty('dead_letter_policy');
    const agentGrants = resources(synth.ingestion, 'google_pubsub_subscription_iam_member').filter(
      (g) => String(g['member']).includes('gcp-sa-pubsub'),
    );
    expect(agentGrants.length).toBe(2);
  });

  it('routes each message to one path with subscription filters on the route attribute', () => {
    const filterOf = (name: string) =>
      resources(synth.ingestion, 'google_pubsub_subscription').find((s) => s['name'] === name)?.[
        'filter'
      ];
    // prod's default path is Dataflow.
    expect(filterOf(TOPOLOGY.ingestSubscription)).toBe('attributes.route = "function"');
    expect(filterOf(TOPOLOGY.bigQuerySubscription)).toBe('attributes.route = "subscription"');
    expect(filterOf(TOPOLOGY.dataflowSubscription)).toMatch(
      /attributes\.route != "function" AND attributes\.route != "subscription"/,
    );
  });

  it('lets the app publisher and the configured publishers publish, on the topic only', () => {
    const publishers = resources(synth.ingestion, 'google_pubsub_topic_iam_member').filter(
      (g) =>
        g['role'] === 'roles/pubsub.publisher' && !String(g['member']).includes('gcp-sa-pubsub'),
    );
    expect(publishers.map((g) => g['member'])).toEqual([
      expect.stringContaining('google_service_account'),
    ]);
  });

  it('attaches the Avro schema derived from the contract when enabled', () => {
    const schema = resources(synth.ingestion, 'google_pubsub_schema')[0];
    expect(schema?.['type']).toBe('AVRO');
    expect(JSON.parse(String(schema?.['definition']))).toMatchObject({
      type: 'record',
      name: 'SalesEvent',
    });
    expect(
      has(synth.ingestion, 'google_pubsub_topic', {
        name: TOPOLOGY.topic,
        schema_settings: { encoding: 'JSON' },
      }),
    ).toBe(true);
  });

  it('deploys ingestSales on nodejs22 with internal ingress, a vCPU, request concurrency and configured scaling', () => {
    const fn = config.ingestion.function;
    expect(
      has(synth.ingestion, 'google_cloudfunctions2_function', {
        name: 'ingest-sales',
        build_config: { entry_point: 'ingestSales', runtime: 'nodejs22' },
        service_config: {
          ingress_settings: 'ALLOW_INTERNAL_ONLY',
          min_instance_count: fn.minInstances,
          max_instance_count: fn.maxInstances,
          available_memory: fn.memory,
          available_cpu: '1',
          max_instance_request_concurrency: 80,
          timeout_seconds: fn.timeoutSeconds,
          environment_variables: { LOG_EXECUTION_ID: 'true' },
        },
      }),
    ).toBe(true);
    const ingest = resources(synth.ingestion, 'google_cloudfunctions2_function').find(
      (f) => f['name'] === 'ingest-sales',
    ) as {
      build_config: { source: { storage_source: { object: string } }; docker_repository: string };
    };
    expect(ingest).not.toHaveProperty('event_trigger');
    expect(ingest.build_config.source.storage_source.object).toMatch(
      /^\$\{google_storage_bucket_object\.functions_source_[0-9A-F]+\.name\}$/,
    );
    expect(ingest.build_config.docker_repository).toContain('google_artifact_registry_repository');
  });

  it('feeds ingestSales from its own push subscription with an OIDC token for the function URL', () => {
    const push = resources(synth.ingestion, 'google_pubsub_subscription').find(
      (s) => s['name'] === TOPOLOGY.ingestSubscription,
    ) as {
      push_config: {
        push_endpoint: string;
        oidc_token: { audience: string; service_account_email: string };
      };
      ack_deadline_seconds: number;
    };
    const uri =
      /^\$\{google_cloudfunctions2_function\.functions_ingest-sales_[0-9A-F]+\.service_config\[0\]\.uri\}$/;
    // The path names the topic, which the Functions Framework makes the CloudEvent's source.
    expect(push.push_config.push_endpoint).toBe(
      `${push.push_config.oidc_token.audience}/projects/${config.project}/topics/${TOPOLOGY.topic}`,
    );
    expect(push.push_config.oidc_token.audience).toMatch(uri);
    expect(push.push_config.oidc_token.service_account_email).toContain('sa_ingest-pusher');
    expect(push.push_config).not.toHaveProperty('no_wrapper');
    expect(push.ack_deadline_seconds).toBeGreaterThanOrEqual(
      config.ingestion.function.timeoutSeconds,
    );
    const invokers = resources(synth.ingestion, 'google_cloud_run_v2_service_iam_member').filter(
      (g) => String(g['member']).includes('sa_ingest-pusher'),
    );
    expect(invokers.map((g) => [g['role'], String(g['name'])])).toEqual([
      ['roles/run.invoker', expect.stringContaining('functions_ingest-sales')],
    ]);
  });

  it('uploads the function zip under its content hash', () => {
    expect(
      has(synth.ingestion, 'google_storage_bucket_object', {
        name: FIXTURE_ARTIFACTS.functionSource.objectName,
      }),
    ).toBe(true);
  });

  it('runs fxRates daily from Cloud Scheduler with an OIDC token', () => {
    expect(
      has(synth.ingestion, 'google_cloudfunctions2_function', {
        name: 'fx-rates',
        build_config: { entry_point: 'fxRates' },
      }),
    ).toBe(true);
    expect(
      has(synth.ingestion, 'google_cloud_scheduler_job', {
        schedule: config.fxRates.schedule,
        time_zone: config.fxRates.timeZone,
        http_target: { http_method: 'POST' },
      }),
    ).toBe(true);
    const job = resources(synth.ingestion, 'google_cloud_scheduler_job')[0] as {
      http_target: { oidc_token: unknown };
    };
    expect(job.http_target.oidc_token).toBeDefined();
  });

  it('launches the Flex template with our UDF, its own subscription and the Storage Write API', () => {
    const df = config.ingestion.dataflow;
    expect(
      has(synth.ingestion, 'google_dataflow_flex_template_job', {
        container_spec_gcs_path: `gs://dataflow-templates-${config.region}/${df.templateVersion}/flex/PubSub_to_BigQuery_Flex`,
        max_workers: df.maxWorkers,
        on_delete: 'drain',
        provider: 'google-beta',
        parameters: {
          javascriptTextTransformFunctionName: 'transform',
          useStorageWriteApi: 'true',
          numStorageWriteApiStreams: String(df.storageWriteApiStreams),
        },
      }),
    ).toBe(true);
    const job = resources(synth.ingestion, 'google_dataflow_flex_template_job')[0] as {
      parameters: Record<string, string>;
    };
    expect(job.parameters['inputSubscription']).toContain(
      'google_pubsub_subscription.dataflow_subscription',
    );
    expect(job.parameters['javascriptTextTransformGcsPath']).toContain(
      'google_storage_bucket_object.dataflow_udf',
    );
    expect(job.parameters).not.toHaveProperty('inputTopic');
    expect(
      has(synth.ingestion, 'google_storage_bucket_object', {
        name: FIXTURE_ARTIFACTS.udf.objectName,
      }),
    ).toBe(true);
  });

  it('writes the BigQuery subscription with metadata as its own service account', () => {
    expect(
      has(synth.ingestion, 'google_pubsub_subscription', {
        name: TOPOLOGY.bigQuerySubscription,
        bigquery_config: { write_metadata: true, use_table_schema: false },
      }),
    ).toBe(true);
    const sub = resources(synth.ingestion, 'google_pubsub_subscription').find(
      (s) => s['name'] === TOPOLOGY.bigQuerySubscription,
    ) as {
      bigquery_config: { service_account_email: string };
    };
    expect(sub.bigquery_config.service_account_email).toContain('sa_bq-subscription');
  });
});

describe('orchestration stack', () => {
  it('creates a Composer 3 environment with Airflow 2.11, pinned PyPI packages and its own service account', () => {
    expect(config.orchestrator.kind).toBe('composer');
    expect(
      has(synth.orchestration, 'google_composer_environment', {
        config: {
          software_config: {
            image_version: COMPOSER_IMAGE,
            pypi_packages: FIXTURE_ARTIFACTS.composerPackages,
            env_variables: { BQ_PROJECT: config.project, BQ_LOCATION: config.bigQueryLocation },
          },
        },
      }),
    ).toBe(true);
    // Composer refuses to create an environment whose account its agent cannot act for yet.
    const composer = resources(synth.orchestration, 'google_composer_environment')[0];
    expect(composer?.['depends_on']).toEqual([
      expect.stringMatching(/^google_service_account_iam_member\.composer_agent-uses-runner/),
    ]);
  });

  it('uploads the DAGs to dags/ and the dbt project to data/dbt/', () => {
    const names = resources(synth.orchestration, 'google_storage_bucket_object').map(
      (o) => o['name'],
    );
    expect(names.sort()).toEqual([
      'dags/sales_dbt_hourly.py',
      'data/dbt/dbt_project.yml',
      'data/dbt/models/silver/example.sql',
      'data/dbt/target/manifest.json',
    ]);
    const composer = resources(synth.orchestration, 'google_composer_environment')[0] as {
      config: { software_config: { env_variables: Record<string, string> } };
    };
    expect(composer.config.software_config.env_variables).not.toHaveProperty('GCP_PROJECT');
    const settings = JSON.parse(
      composer.config.software_config.env_variables['AIRFLOW_VAR_SALESFLOW_CONFIG'] ?? '{}',
    ) as Record<string, unknown>;
    expect(settings).toEqual({
      target: 'bigquery',
      gcp_project: config.project,
      bigquery_location: 'EU',
      dbt_project_dir: '/home/airflow/gcs/data/dbt',
    });
  });

  it('offers a Cloud Run job started by Cloud Scheduler instead, when configured', () => {
    const cheap = addEnvironment(
      Testing.app(),
      {
        ...config,
        environment: 'cheap',
        orchestrator: CLOUD_RUN_JOB_ORCHESTRATOR,
      },
      FIXTURE_ARTIFACTS,
    );
    const json = Testing.synth(cheap.orchestration);
    expect(resources(json, 'google_composer_environment')).toHaveLength(0);
    expect(
      has(json, 'google_cloud_run_v2_job', {
        name: 'dbt-runner',
        template: {
          template: {
            timeout: '1800s',
            containers: [{ image: 'europe-docker.pkg.dev/p/r/dbt:1' }],
          },
        },
      }),
    ).toBe(true);
    const schedules = resources(json, 'google_cloud_scheduler_job') as {
      schedule: string;
      http_target: { body: string; uri: string };
    }[];
    expect(schedules.map((s) => s.schedule).sort()).toEqual(['0 2 * * *', '5 * * * *']);
    const daily = schedules.find((s) => s.schedule === '0 2 * * *');
    expect(daily?.http_target.uri).toMatch(/\/jobs\/dbt-runner:run$/);
    const dailyBody = Buffer.from(daily?.http_target.body ?? '', 'base64').toString();
    expect(dailyBody).toContain('dbt build --selector nightly');
    // The hourly round re-reads its short window; the nightly build the whole lookback.
    const hourly = schedules.find((s) => s.schedule === '5 * * * *');
    const hourlyBody = Buffer.from(hourly?.http_target.body ?? '', 'base64').toString();
    expect(hourlyBody.match(/--vars '\{scheduled_round: true\}'/g)).toHaveLength(3);
    expect(dailyBody).not.toContain('scheduled_round');
    expect(
      has(json, 'google_cloud_run_v2_job_iam_member', {
        role: 'roles/run.jobsExecutorWithOverrides',
      }),
    ).toBe(true);
    // Its failures alert on the job's own execution metric.
    const alerts = JSON.stringify(
      resources(Testing.synth(cheap.monitoring), 'google_monitoring_alert_policy'),
    );
    expect(alerts).toContain(
      'metric.type = \\"run.googleapis.com/job/completed_execution_count\\" AND resource.type = \\"cloud_run_job\\" AND resource.labels.job_name = \\"dbt-runner\\" AND metric.labels.result = \\"failed\\"',
    );
    // Its dbt warnings alert on the line dbt logs into the job's output.
    expect(alerts).toContain(
      'resource.type = \\"cloud_run_job\\" AND resource.labels.job_name = \\"dbt-runner\\" AND textPayload:\\"salesflow_dbt_warning\\"',
    );
  });
});

describe('monitoring stack', () => {
  it('sends every alert to the configured email channel', () => {
    expect(
      has(synth.monitoring, 'google_monitoring_notification_channel', {
        type: 'email',
        labels: { email_address: config.monitoring.alertEmail },
      }),
    ).toBe(true);
    const policies = resources(synth.monitoring, 'google_monitoring_alert_policy') as {
      notification_channels: string[];
    }[];
    expect(policies.length).toBe(7);
    for (const policy of policies)
      expect(policy.notification_channels).toEqual([
        '${google_monitoring_notification_channel.email.name}',
      ]);
  });

  it('alerts on DLQ backlog, backlog age, function errors, Dataflow lag, dbt failures and Bronze freshness', () => {
    const text = JSON.stringify(resources(synth.monitoring, 'google_monitoring_alert_policy'));
    for (const metric of [
      'subscription/num_undelivered_messages',
      'subscription/oldest_unacked_message_age',
      'run.googleapis.com/request_count',
      'dataflow.googleapis.com/job/system_lag',
      'pubsub.googleapis.com/subscription/ack_message_count',
    ]) {
      expect(text).toContain(metric);
    }
    // No log-based metric: a policy created in the same apply could not see it for minutes.
    expect(resources(synth.monitoring, 'google_logging_metric')).toHaveLength(0);
  });

  it('matches failed Composer runs by their log lines, at any severity', () => {
    const dbt = resources(synth.monitoring, 'google_monitoring_alert_policy').find((p) =>
      String(p['display_name']).endsWith('dbt / DAG failure'),
    ) as {
      conditions: { condition_matched_log: { filter: string } }[];
      alert_strategy: { notification_rate_limit: { period: string } };
    };
    const filter = dbt.conditions[0]?.condition_matched_log.filter ?? '';
    expect(filter).not.toMatch(/severity/);
    expect(filter).toContain('textPayload:"Marking task as FAILED"');
    expect(filter).toContain('textPayload:"salesflow_dag_failure"');
    expect(dbt.alert_strategy.notification_rate_limit.period).toBe('300s');
  });

  it('matches the line dbt logs for a test that warned in the Composer task logs, at any severity', () => {
    const warnings = resources(synth.monitoring, 'google_monitoring_alert_policy').find((p) =>
      String(p['display_name']).endsWith('dbt data warning'),
    ) as {
      severity: string;
      conditions: {
        condition_matched_log: { filter: string; label_extractors: Record<string, string> };
      }[];
      alert_strategy: { notification_rate_limit: { period: string } };
    };
    const condition = warnings.conditions[0]?.condition_matched_log;
    expect(warnings.severity).toBe('WARNING');
    expect(condition?.filter).toBe(
      'resource.type = "cloud_composer_environment" AND resource.labels.environment_name = "salesflow" AND textPayload:"salesflow_dbt_warning"',
    );
    expect(condition?.label_extractors).toEqual({
      test: 'REGEXP_EXTRACT(textPayload, "\\"test\\": \\"([^\\"]+)\\"")',
    });
    expect(warnings.alert_strategy.notification_rate_limit.period).toBe('300s');
  });

  it('counts Bronze freshness on every enabled ingest path', () => {
    const freshness = resources(synth.monitoring, 'google_monitoring_alert_policy').find((p) =>
      String(p['display_name']).endsWith('Bronze freshness'),
    ) as { conditions: { condition_absent: { filter: string } }[] };
    expect(freshness.conditions[0]?.condition_absent.filter).toContain(
      `resource.labels.subscription_id = one_of("${TOPOLOGY.ingestSubscription}", "${TOPOLOGY.dataflowSubscription}", "${TOPOLOGY.bigQuerySubscription}")`,
    );
  });

  it('writes the dashboard in the form the API keeps, so plans show no change', () => {
    const dashboard = resources(synth.monitoring, 'google_monitoring_dashboard')[0];
    const empty: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (value === 0 || value === '' || value === null) empty.push(path);
      else if (Array.isArray(value)) {
        if (value.length === 0) empty.push(path);
        value.forEach((item, index) => walk(item, `${path}[${index}]`));
      } else if (typeof value === 'object') {
        if (Object.keys(value).length === 0) empty.push(path);
        for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
      }
    };
    walk(JSON.parse(String(dashboard?.['dashboard_json'])), '$');
    expect(empty).toEqual([]);
  });

  it('draws a dashboard with one chart per pipeline signal', () => {
    const dashboard = resources(synth.monitoring, 'google_monitoring_dashboard')[0];
    const parsed = JSON.parse(String(dashboard?.['dashboard_json'])) as {
      mosaicLayout: { tiles: { widget: { title: string } }[] };
    };
    const titles = parsed.mosaicLayout.tiles.map((t) => t.widget.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Dead-letter backlog',
        'Dataflow system lag',
        'Messages taken over by each ingest path',
        'DAG runs by state',
      ]),
    );
    expect(titles.length).toBe(10);
  });
});
