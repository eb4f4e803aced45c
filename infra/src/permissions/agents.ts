import type { ServiceAgent } from './types.js';

/**
 * Stands for the project's number, which is known only once the project exists: service-agent
 * addresses and the Cloud Functions sources bucket contain it. Terraform expressions that read the
 * number resolve to this token, so both sides compare equal.
 */
export const PROJECT_NUMBER = '{project-number}';

/** A Google service agent: its API, its address, and the role Google grants it on the project. */
export interface ServiceAgentInfo {
  /** The API whose enablement creates the agent. */
  readonly api: string;
  /** The agent's e-mail address, with {@link PROJECT_NUMBER} for the number. */
  readonly email: string;
  /**
   * The role Google grants the agent on the project when the API is enabled (Google's "Service
   * agents" reference); absent when salesflow states no need that role serves.
   */
  readonly grantedRole?: string;
}

const agentEmail = (domain: string): string =>
  `service-${PROJECT_NUMBER}@${domain}.iam.gserviceaccount.com`;

/** The service agents salesflow's needs name. */
export const SERVICE_AGENTS: Readonly<Record<ServiceAgent, ServiceAgentInfo>> = {
  pubsub: {
    api: 'pubsub.googleapis.com',
    email: agentEmail('gcp-sa-pubsub'),
    grantedRole: 'roles/pubsub.serviceAgent',
  },
  // BigQuery's encryption account is not a `service-` address (bigquery projects.getServiceAccount).
  bigquery: {
    api: 'bigquery.googleapis.com',
    email: `bq-${PROJECT_NUMBER}@bigquery-encryption.iam.gserviceaccount.com`,
  },
  storage: { api: 'storage.googleapis.com', email: agentEmail('gs-project-accounts') },
  dataflow: { api: 'dataflow.googleapis.com', email: agentEmail('dataflow-service-producer-prod') },
  compute: { api: 'compute.googleapis.com', email: agentEmail('compute-system') },
  composer: { api: 'composer.googleapis.com', email: agentEmail('cloudcomposer-accounts') },
  artifactRegistry: {
    api: 'artifactregistry.googleapis.com',
    email: agentEmail('gcp-sa-artifactregistry'),
  },
  cloudRun: {
    api: 'run.googleapis.com',
    email: agentEmail('serverless-robot-prod'),
    grantedRole: 'roles/run.serviceAgent',
  },
  cloudScheduler: {
    api: 'cloudscheduler.googleapis.com',
    email: agentEmail('gcp-sa-cloudscheduler'),
    grantedRole: 'roles/cloudscheduler.serviceAgent',
  },
};

/**
 * Addresses `google_project_service_identity` returns, by API. BigQuery's and Cloud Storage's agents
 * are read with their own data sources (`google_bigquery_default_service_account`,
 * `google_storage_project_service_account`) instead, so they are not listed.
 */
export const SERVICE_IDENTITY_EMAILS: Readonly<Record<string, string>> = {
  'pubsub.googleapis.com': SERVICE_AGENTS.pubsub.email,
  'dataflow.googleapis.com': SERVICE_AGENTS.dataflow.email,
  'compute.googleapis.com': SERVICE_AGENTS.compute.email,
  'composer.googleapis.com': SERVICE_AGENTS.composer.email,
  'artifactregistry.googleapis.com': SERVICE_AGENTS.artifactRegistry.email,
  'run.googleapis.com': SERVICE_AGENTS.cloudRun.email,
  'cloudscheduler.googleapis.com': SERVICE_AGENTS.cloudScheduler.email,
  'cloudbuild.googleapis.com': agentEmail('gcp-sa-cloudbuild'),
  'cloudfunctions.googleapis.com': agentEmail('gcf-admin-robot'),
};
