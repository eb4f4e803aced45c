import { LoggingMetric } from '@cdktf/provider-google/lib/logging-metric/index.js';
import {
  MonitoringAlertPolicy,
  type MonitoringAlertPolicyConditions,
} from '@cdktf/provider-google/lib/monitoring-alert-policy/index.js';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard/index.js';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel/index.js';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema.js';
import { pipelineDashboard } from '../monitoring/dashboard.js';
import { dbtFailureLogFilter, filters } from '../monitoring/filters.js';
import type { MonitoredPipeline } from '../monitoring/targets.js';
import { SalesflowStack } from './base.js';

/** Name of the log-based metric counting failed dbt runs. */
export const DBT_FAILURE_METRIC = 'salesflow_dbt_failures';

/**
 * Alert policies to the configured channel — dead-letter backlog, backlog age, function error rate,
 * Dataflow system lag, dbt/DAG failures, Bronze freshness — and a pipeline-health dashboard.
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
      dependsOn: LoggingMetric[] = [],
    ): void => {
      policies.push(
        new MonitoringAlertPolicy(this, id, {
          displayName: `salesflow ${config.environment}: ${displayName}`,
          combiner: 'OR',
          severity,
          conditions,
          notificationChannels: [channel.name],
          alertStrategy: { autoClose: '86400s' },
          documentation: {
            mimeType: 'text/markdown',
            content: `${runbook}\n\nSee docs/runbook.md.`,
          },
          userLabels: { ...this.labels },
          dependsOn,
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
          filters.subscriptionBacklogAge(s.idFilter),
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

    const dbt = dbtFailureLogFilter(pipeline.orchestrator);
    const dbtFailures = new LoggingMetric(this, 'dbt-failure-metric', {
      name: DBT_FAILURE_METRIC,
      description: 'Failed dbt runs or Airflow tasks of the salesflow DAGs.',
      filter: dbt.filter,
      metricDescriptor: { metricKind: 'DELTA', valueType: 'INT64', unit: '1' },
    });
    policy(
      'dbt-failures',
      'dbt / DAG failure',
      'ERROR',
      'A dbt run failed: Silver and Gold are stale until it is fixed and re-run.',
      [
        {
          displayName: 'failed dbt runs',
          conditionThreshold: above(
            filters.logMetric(DBT_FAILURE_METRIC, dbt.resourceType),
            0,
            '0s',
            'ALIGN_SUM',
          ),
        },
      ],
      [dbtFailures],
    );
    policy(
      'bronze-freshness',
      'Bronze freshness',
      'CRITICAL',
      'No rows reached Bronze: check the publishers and every ingest path.',
      [
        {
          displayName: `no rows written to ${pipeline.bronzeDataset} for ${thresholds.bronzeFreshnessSeconds}s`,
          conditionAbsent: {
            filter: filters.bronzeRows(pipeline.bronzeDataset),
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
        DBT_FAILURE_METRIC,
        dbt.resourceType,
      ),
    });
  }
}
