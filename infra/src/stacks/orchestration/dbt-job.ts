import { CloudRunV2JobIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-job-iam-member/index.js';
import { CloudRunV2Job } from '@cdktf/provider-google/lib/cloud-run-v2-job/index.js';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema.js';
import { DBT_RUNS, ORCHESTRATION_NAMES } from './names.js';

type JobSettings = Extract<EnvironmentConfig['orchestrator'], { kind: 'cloud-run-job' }>;

export interface DbtJobOrchestratorProps {
  readonly config: EnvironmentConfig;
  readonly settings: JobSettings;
  readonly labels: Readonly<Record<string, string>>;
  readonly runner: ServiceAccount;
  readonly scheduler: ServiceAccount;
  /** Variables every dbt process needs (profiles.yml). */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The cheap orchestrator: a Cloud Run job running the dbt selectors in the DAGs' order, started
 * hourly and nightly by Cloud Scheduler, which overrides the container's command per schedule.
 */
export class DbtJobOrchestrator extends Construct {
  readonly job: CloudRunV2Job;

  constructor(scope: Construct, id: string, props: DbtJobOrchestratorProps) {
    super(scope, id);
    const { config, settings } = props;
    this.job = new CloudRunV2Job(this, 'job', {
      name: ORCHESTRATION_NAMES.dbtJob,
      location: config.region,
      labels: { ...props.labels },
      deletionProtection: config.deletionProtection,
      template: {
        taskCount: 1,
        template: {
          serviceAccount: props.runner.email,
          timeout: `${settings.timeoutSeconds}s`,
          maxRetries: 1,
          ...(config.cmek === undefined ? {} : { encryptionKey: config.cmek.regionalKey }),
          containers: [
            {
              image: settings.image,
              command: ['/bin/sh', '-c'],
              args: [DBT_RUNS.hourly.join(' && ')],
              env: Object.entries(props.environment).map(([name, value]) => ({ name, value })),
              resources: { limits: { cpu: '1', memory: settings.memory } },
            },
          ],
        },
      },
    });
    // Overriding the container's arguments per schedule needs more than plain run rights.
    new CloudRunV2JobIamMember(this, 'scheduler-runs-job', {
      name: this.job.name,
      location: config.region,
      role: 'roles/run.jobsExecutorWithOverrides',
      member: props.scheduler.member,
    });
    const runUri = `https://run.googleapis.com/v2/projects/${config.project}/locations/${config.region}/jobs/${ORCHESTRATION_NAMES.dbtJob}:run`;
    for (const [name, schedule, commands] of [
      ['hourly', settings.hourlySchedule, DBT_RUNS.hourly],
      ['daily', settings.dailySchedule, DBT_RUNS.daily],
    ] as const) {
      const body = { overrides: { containerOverrides: [{ args: [commands.join(' && ')] }] } };
      new CloudSchedulerJob(this, `schedule-${name}`, {
        name: `dbt-${name}`,
        region: config.region,
        description: `Runs dbt (${name}) on the Cloud Run job ${ORCHESTRATION_NAMES.dbtJob}.`,
        schedule,
        timeZone: 'Etc/UTC',
        attemptDeadline: '60s',
        httpTarget: {
          uri: runUri,
          httpMethod: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify(body)).toString('base64'),
          oauthToken: {
            serviceAccountEmail: props.scheduler.email,
            scope: 'https://www.googleapis.com/auth/cloud-platform',
          },
        },
        dependsOn: [this.job],
      });
    }
  }
}
