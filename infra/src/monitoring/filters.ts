import type { MonitoredPipeline } from './targets.js';

/** Cloud Monitoring filters, one function per signal, shared by alerts and the dashboard. */
export const filters = {
  subscriptionBacklogAge: (idFilter: string) =>
    `metric.type = "pubsub.googleapis.com/subscription/oldest_unacked_message_age" AND resource.type = "pubsub_subscription" AND ${idFilter}`,
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
  bronzeRows: (dataset: string) =>
    `metric.type = "bigquery.googleapis.com/storage/uploaded_row_count" AND resource.type = "bigquery_dataset" AND resource.labels.dataset_id = "${dataset}"`,
  logMetric: (metricName: string, resourceType: string) =>
    `metric.type = "logging.googleapis.com/user/${metricName}" AND resource.type = "${resourceType}"`,
};

/** Log entries that mean a dbt run failed, for the orchestrator in use. */
export function dbtFailureLogFilter(orchestrator: MonitoredPipeline['orchestrator']): {
  filter: string;
  resourceType: string;
} {
  if (orchestrator.kind === 'composer') {
    return {
      resourceType: 'cloud_composer_environment',
      filter: [
        'resource.type = "cloud_composer_environment"',
        `resource.labels.environment_name = "${orchestrator.environment}"`,
        // Airflow 2.10 logs this line at INFO: a severity filter would never match it.
        'textPayload:"Marking task as FAILED"',
        'textPayload:"dag_id=sales_"',
      ].join(' AND '),
    };
  }
  return {
    resourceType: 'cloud_run_job',
    filter: [
      'resource.type = "cloud_run_job"',
      `resource.labels.job_name = "${orchestrator.job}"`,
      'severity >= ERROR',
    ].join(' AND '),
  };
}
