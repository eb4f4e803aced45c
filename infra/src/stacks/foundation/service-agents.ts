import type { ProjectService } from '@cdktf/provider-google/lib/project-service/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema.js';
import { GoogleBetaProvider, ProjectServiceIdentity } from '../../constructs/google-beta.js';

/** `serviceAccount:` members of the Google service agents salesflow grants roles to. */
export interface ServiceAgentMembers {
  readonly pubsub: string;
  readonly artifactRegistry: string;
  readonly dataflow?: string;
  readonly compute?: string;
  readonly composer?: string;
  /** Cloud Run's agent: it decrypts the dbt job's CMEK-encrypted container. */
  readonly cloudRun?: string;
}

/**
 * The Google service agents of the enabled APIs, created up front with
 * `google_project_service_identity`: an agent appears lazily on an API's first use, so a grant to it
 * on a fresh project would otherwise fail with "service account does not exist". Members are the
 * agents' documented addresses; anything granting to them depends on {@link ServiceAgents.ready}.
 */
export class ServiceAgents extends Construct {
  readonly members: ServiceAgentMembers;
  /** The identities; grants to an agent wait for these. */
  readonly ready: ITerraformDependable[];

  constructor(
    scope: Construct,
    id: string,
    config: EnvironmentConfig,
    projectNumber: string,
    services: readonly ProjectService[],
  ) {
    super(scope, id);
    const beta = new GoogleBetaProvider(this, 'google-beta', {
      project: config.project,
      region: config.region,
      defaultLabels: config.labels,
    });
    const agent = (domain: string): string =>
      `serviceAccount:service-${projectNumber}@${domain}.iam.gserviceaccount.com`;
    type Agent = [key: keyof ServiceAgentMembers, service: string | undefined, domain: string];
    const dataflow = config.ingestion.dataflow.enabled;
    const wanted: Agent[] = [
      ['pubsub', 'pubsub.googleapis.com', 'gcp-sa-pubsub'],
      ['artifactRegistry', 'artifactregistry.googleapis.com', 'gcp-sa-artifactregistry'],
      ...(dataflow
        ? [['dataflow', 'dataflow.googleapis.com', 'dataflow-service-producer-prod'] as Agent]
        : []),
      // Compute Engine's agent is no primary service agent: enabling its API creates it.
      ...(dataflow ? [['compute', undefined, 'compute-system'] as Agent] : []),
      ...(config.orchestrator.kind === 'composer'
        ? [['composer', 'composer.googleapis.com', 'cloudcomposer-accounts'] as Agent]
        : [['cloudRun', 'run.googleapis.com', 'serverless-robot-prod'] as Agent]),
    ];
    const members: Partial<Record<keyof ServiceAgentMembers, string>> = {};
    const identities = wanted.flatMap(([key, service, domain]) => {
      members[key] = agent(domain);
      if (service === undefined) return [];
      return [
        new ProjectServiceIdentity(this, `agent-${key}`, {
          provider: beta,
          project: config.project,
          service,
          dependsOn: [...services],
        }),
      ];
    });
    this.ready = [...identities, ...services];
    this.members = members as ServiceAgentMembers;
  }
}
