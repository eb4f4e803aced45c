/** Cloud Monitoring filters, one function per signal, shared by alerts and the dashboard. */
import type { MonitoredPipeline } from './targets.js';

/** A filter on one subscription id, or on any of several. */
export function subscriptionIds(ids: readonly string[]): string {
  const quoted = ids.map((id) => `"${id}"`);
  return `resource.labels.subscription_id = ${quoted.length === 1 ? quoted[0] : `one_of(${quoted.join(', ')})`}`;
}

export const filters = {
  subscriptionBacklogAge: (id: string) =>
    `metric.type = "pubsub.googleapis.com/subscription/oldest_unacked_message_age" AND resource.type = "pubsub_subscription" AND ${subscriptionIds([id])}`,
  undelivered: (subscription: string) =>
    `metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${subscription}"`,
  published: (topic: string) =>
    `metric.type = "pubsub.googleapis.com/topic/send_message_operation_count" AND resource.type = "pubsub_topic" AND resource.labels.topic_id = "${topic}"`,
  requests: (service: string, responseClass?: string) =>
    `metric.type = "run.googleapis.com/request_count" AND resource.type = "cloud_run_revision" AND resource.labels.service_name = "${service}"` +
    (responseClass === undefined
      ? ''
      : ` AND metric.labels.response_code_class = "${responseClass}"`),
  latency: (service: string) =>
    `metric.type = "run.googleapis.com/request_latencies" AND resource.type = "cloud_run_revision" AND resource.labels.service_name = "${service}"`,
  systemLag: (job: string) =>
    `metric.type = "dataflow.googleapis.com/job/system_lag" AND resource.type = "dataflow_job" AND resource.labels.job_name = "${job}"`,
  /** Messages an ingest path has taken over: acked once written to Bronze (push, BigQuery subscription) or read by Dataflow. */
  acked: (ids: readonly string[]) =>
    `metric.type = "pubsub.googleapis.com/subscription/ack_message_count" AND resource.type = "pubsub_subscription" AND ${subscriptionIds(ids)}`,
  jobExecutions: (job: string, result?: 'failed' | 'succeeded') =>
    `metric.type = "run.googleapis.com/job/completed_execution_count" AND resource.type = "cloud_run_job" AND resource.labels.job_name = "${job}"` +
    (result === undefined ? '' : ` AND metric.labels.result = "${result}"`),
  dagRuns: (environment: string) =>
    `metric.type = "composer.googleapis.com/workflow/run_count" AND resource.type = "cloud_composer_workflow" AND resource.labels.environment_name = "${environment}"`,
};

/**
 * Lines the Composer environment logs when a salesflow DAG run fails: the DAG failure callback's
 * event (composer/dags/salesflow_orchestration/alerts.py) and Airflow's own line for a task that
 * failed for good. Airflow 2 logs the latter at INFO, so the filter must not ask for a severity.
 */
export const COMPOSER_FAILURE_LINES = {
  dagFailureEvent: 'salesflow_dag_failure',
  taskFailed: 'Marking task as FAILED',
  salesflowDags: 'dag_id=sales_',
} as const;

/** Log entries of the Composer environment that mean a salesflow DAG run failed. */
export function composerFailureLogFilter(environment: string): string {
  const { dagFailureEvent, taskFailed, salesflowDags } = COMPOSER_FAILURE_LINES;
  return [
    'resource.type = "cloud_composer_environment"',
    `resource.labels.environment_name = "${environment}"`,
    `(textPayload:"${dagFailureEvent}" OR (textPayload:"${taskFailed}" AND textPayload:"${salesflowDags}"))`,
  ].join(' AND ');
}

/**
 * The word of the line dbt logs for each data test that ended in a warning (`warning_event_name()`
 * in dbt/macros/pipeline/warning_events.sql, run by the project's on-run-end hook), followed by a
 * JSON object naming the test. A warning lets the run succeed, so no failure alert sees it.
 */
export const DBT_WARNING_EVENT = 'salesflow_dbt_warning';

/** Where the orchestrator's dbt output lands in Cloud Logging, one line per log entry. */
function dbtLogs(orchestrator: MonitoredPipeline['orchestrator']): string[] {
  return orchestrator.kind === 'composer'
    ? [
        'resource.type = "cloud_composer_environment"',
        `resource.labels.environment_name = "${orchestrator.environment}"`,
      ]
    : ['resource.type = "cloud_run_job"', `resource.labels.job_name = "${orchestrator.job}"`];
}

/**
 * Log entries of the orchestrator's dbt runs that report a test that warned. dbt logs the line at
 * INFO inside the task or job output, so the filter must not ask for a severity.
 */
export function dbtWarningLogFilter(orchestrator: MonitoredPipeline['orchestrator']): string {
  return [...dbtLogs(orchestrator), `textPayload:"${DBT_WARNING_EVENT}"`].join(' AND ');
}

/** Extracts the test's name from a {@link DBT_WARNING_EVENT} line, one incident per test. */
export const DBT_WARNING_TEST_EXTRACTOR =
  'REGEXP_EXTRACT(textPayload, "\\"test\\": \\"([^\\"]+)\\"")';
