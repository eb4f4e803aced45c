import {
  MonitoringAlertPolicy,
  type MonitoringAlertPolicyConditions,
} from '@cdktf/provider-google/lib/monitoring-alert-policy/index.js';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard/index.js';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel/index.js';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema.js';
import { pipelineDashboard } from '../monitoring/dashboard.js';
import {
  composerFailureLogFilter,
  DBT_WARNING_TEST_EXTRACTOR,
  dbtWarningLogFilter,
  filters,
} from '../monitoring/filters.js';
import type { MonitoredPipeline } from '../monitoring/targets.js';
import { SalesflowStack } from './base.js';

/**
 * Alert policies to the configured channel — dead-letter backlog, backlog age, function error rate,
 * Dataflow system lag, dbt/DAG failures, dbt data warnings (parcels stuck in transit), Bronze
 * freshness — and a pipeline-health dashboard.
 *
 * Bronze freshness counts the messages each ingest path acknowledges: BigQuery's own row metrics
 * either lag by hours (`storage/uploaded_row_count`) or miss the Storage Write API paths, while an
 * ack means the row was written (push, BigQuery subscription) or taken by Dataflow, whose write
 * lag has an alert of its own. dbt's hourly source-freshness check reads the tables themselves.
 */
export class MonitoringStack extends SalesflowStack {
  readonly policies: readonly MonitoringAlertPolicy[];

  constructor(scope: Construct, config: EnvironmentConfig, pipeline: MonitoredPipeline) {
    super(scope, 'monitoring', config);
    const thresholds = config.monitoring;
    const channel = new MonitoringNotificationChannel(this, 'email', {
      displayName: `salesflow ${config.environment} on-call`,
      type: 'email',
      labels: { email_address: thresholds.alertEmail },
    });
    const policies: MonitoringAlertPolicy[] = [];
    const policy = (
      id: string,
      displayName: string,
      severity: 'CRITICAL' | 'ERROR' | 'WARNING',
      runbook: string,
      conditions: MonitoringAlertPolicyConditions[],
    ): void => {
      const logMatch = conditions.some((condition) => condition.conditionMatchedLog);
      policies.push(
        new MonitoringAlertPolicy(this, id, {
          displayName: `salesflow ${config.environment}: ${displayName}`,
          combiner: 'OR',
          severity,
          conditions,
          notificationChannels: [channel.name],
          alertStrategy: {
            autoClose: '86400s',
            // Log-match policies require a rate limit: one notification per period at most.
            ...(logMatch ? { notificationRateLimit: { period: '300s' } } : {}),
          },
          documentation: {
            mimeType: 'text/markdown',
            content: `${runbook}\n\nSee docs/runbook.md.`,
          },
          userLabels: { ...this.labels },
        }),
      );
    };
    const above = (filter: string, threshold: number, duration: string, aligner = 'ALIGN_MAX') => ({
      filter,
      comparison: 'COMPARISON_GT',
      thresholdValue: threshold,
      duration,
      aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: aligner }],
    });

    policy(
      'dead-letter-backlog',
      'dead-letter backlog',
      'ERROR',
      'Messages reached the dead-letter topic: inspect and replay them.',
      [
        {
          displayName: `${pipeline.deadLetterSubscription} has undelivered messages`,
          conditionThreshold: above(filters.undelivered(pipeline.deadLetterSubscription), 0, '60s'),
        },
      ],
    );
    policy(
      'backlog-age',
      'ingest backlog age',
      'CRITICAL',
      'An ingest subscription is not keeping up (or is stalled by a table or permission error).',
      pipeline.ingestSubscriptions.map((s) => ({
        displayName: `oldest unacked message — ${s.label}`,
        conditionThreshold: above(
          filters.subscriptionBacklogAge(s.id),
          thresholds.oldestUnackedAgeSeconds,
          '300s',
        ),
      })),
    );
    if (pipeline.ingestFunctionService !== undefined) {
      const service = pipeline.ingestFunctionService;
      const rate = [
        {
          alignmentPeriod: '300s',
          perSeriesAligner: 'ALIGN_RATE',
          crossSeriesReducer: 'REDUCE_SUM',
        },
      ];
      policy(
        'function-errors',
        'ingest function error rate',
        'ERROR',
        'ingestSales answers 5xx: Pub/Sub retries, then dead-letters.',
        [
          {
            displayName: `5xx ratio of ${service} above ${thresholds.functionErrorRatio}`,
            conditionThreshold: {
              filter: filters.requests(service, '5xx'),
              denominatorFilter: filters.requests(service),
              comparison: 'COMPARISON_GT',
              thresholdValue: thresholds.functionErrorRatio,
              duration: '300s',
              aggregations: rate,
              denominatorAggregations: rate,
            },
          },
        ],
      );
    }
    if (pipeline.dataflowJob !== undefined) {
      policy(
        'dataflow-lag',
        'Dataflow system lag',
        'ERROR',
        'The Dataflow job falls behind: check workers, quotas and the error table.',
        [
          {
            displayName: `system lag of ${pipeline.dataflowJob}`,
            conditionThreshold: above(
              filters.systemLag(pipeline.dataflowJob),
              thresholds.dataflowSystemLagSeconds,
              '300s',
            ),
          },
        ],
      );
    }

    // Matching the failure lines directly needs no log-based metric, which a policy created in the
    // same apply cannot see for minutes.
    const orchestrator = pipeline.orchestrator;
    policy(
      'dbt-failures',
      'dbt / DAG failure',
      'ERROR',
      'A dbt run failed: Silver and Gold are stale until it is fixed and re-run.',
      [
        orchestrator.kind === 'composer'
          ? {
              displayName: `failed salesflow DAG runs in ${orchestrator.environment}`,
              conditionMatchedLog: { filter: composerFailureLogFilter(orchestrator.environment) },
            }
          : {
              displayName: `failed executions of ${orchestrator.job}`,
              conditionThreshold: above(
                filters.jobExecutions(orchestrator.job, 'failed'),
                0,
                '0s',
                'ALIGN_SUM',
              ),
            },
      ],
    );
    // A warning passes the run (a stuck parcel must not stop the rounds), so it reaches the operator
    // only through the line dbt logs for it, on either orchestrator.
    policy(
      'dbt-warnings',
      'dbt data warning',
      'WARNING',
      'A dbt data test warned — the run went on. The log line names the test; for ' +
        '`assert_no_delivery_stuck_in_transit`, parcels are long overdue in transit.',
      [
        {
          displayName: `dbt tests that warned in ${orchestrator.kind === 'composer' ? orchestrator.environment : orchestrator.job}`,
          conditionMatchedLog: {
            filter: dbtWarningLogFilter(orchestrator),
            labelExtractors: { test: DBT_WARNING_TEST_EXTRACTOR },
          },
        },
      ],
    );
    const ingestIds = pipeline.ingestSubscriptions.map((s) => s.id);
    policy(
      'bronze-freshness',
      'Bronze freshness',
      'CRITICAL',
      'No ingest path has taken over a message: check the publishers and every ingest path.',
      [
        {
          displayName: `nothing acknowledged on ${ingestIds.join(', ')} for ${thresholds.bronzeFreshnessSeconds}s`,
          conditionAbsent: {
            filter: filters.acked(ingestIds),
            duration: `${thresholds.bronzeFreshnessSeconds}s`,
            aggregations: [
              {
                alignmentPeriod: '300s',
                perSeriesAligner: 'ALIGN_SUM',
                crossSeriesReducer: 'REDUCE_SUM',
              },
            ],
          },
        },
      ],
    );
    this.policies = policies;

    new MonitoringDashboard(this, 'dashboard', {
      dashboardJson: pipelineDashboard(
        `salesflow ${config.environment} — pipeline health`,
        pipeline,
      ),
    });
  }
}
