import { TerraformProvider, TerraformResource, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';

// `google_dataflow_flex_template_job` and `google_project_service_identity` exist only in the
// google-beta provider. The prebuilt google-beta package weighs hundreds of megabytes for these
// two, so their bindings are written by hand, typed to the attributes we use.
const GENERATOR = {
  providerName: 'google-beta',
  providerVersion: '6.50.0',
  providerVersionConstraint: '~> 6.0',
};

/** Settings of the google-beta provider. */
export interface GoogleBetaProviderConfig {
  readonly project: string;
  readonly region: string;
  readonly defaultLabels: Readonly<Record<string, string>>;
}

/** The `google-beta` Terraform provider. */
export class GoogleBetaProvider extends TerraformProvider {
  private readonly settings: GoogleBetaProviderConfig;

  constructor(scope: Construct, id: string, config: GoogleBetaProviderConfig) {
    super(scope, id, {
      terraformResourceType: 'google-beta',
      terraformGeneratorMetadata: GENERATOR,
      terraformProviderSource: 'hashicorp/google-beta',
    });
    this.settings = config;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      project: this.settings.project,
      region: this.settings.region,
      default_labels: { ...this.settings.defaultLabels },
    };
  }
}

/** The attributes of `google_dataflow_flex_template_job` that salesflow sets. */
export interface DataflowFlexTemplateJobConfig extends TerraformMetaArguments {
  readonly name: string;
  readonly region: string;
  readonly containerSpecGcsPath: string;
  /** Template parameters; the template takes every value as a string. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly serviceAccountEmail: string;
  readonly maxWorkers: number;
  readonly machineType: string;
  readonly tempLocation: string;
  readonly stagingLocation: string;
  readonly enableStreamingEngine: boolean;
  readonly ipConfiguration: 'WORKER_IP_PUBLIC' | 'WORKER_IP_PRIVATE';
  readonly subnetwork?: string;
  readonly kmsKeyName?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `drain` finishes in-flight data when the job is replaced or destroyed; `cancel` drops it. */
  readonly onDelete: 'drain' | 'cancel';
}

/** A Dataflow job launched from a Flex template (google-beta `google_dataflow_flex_template_job`). */
export class DataflowFlexTemplateJob extends TerraformResource {
  static readonly tfResourceType = 'google_dataflow_flex_template_job';
  private readonly settings: DataflowFlexTemplateJobConfig;

  constructor(scope: Construct, id: string, config: DataflowFlexTemplateJobConfig) {
    super(scope, id, {
      terraformResourceType: DataflowFlexTemplateJob.tfResourceType,
      terraformGeneratorMetadata: GENERATOR,
      ...(config.provider ? { provider: config.provider } : {}),
      ...(config.dependsOn ? { dependsOn: config.dependsOn } : {}),
    });
    this.settings = config;
  }

  /** The Dataflow job id. */
  get jobId(): string {
    return this.getStringAttribute('job_id');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.settings;
    return {
      name: c.name,
      region: c.region,
      container_spec_gcs_path: c.containerSpecGcsPath,
      parameters: { ...c.parameters },
      service_account_email: c.serviceAccountEmail,
      max_workers: c.maxWorkers,
      machine_type: c.machineType,
      temp_location: c.tempLocation,
      staging_location: c.stagingLocation,
      enable_streaming_engine: c.enableStreamingEngine,
      ip_configuration: c.ipConfiguration,
      subnetwork: c.subnetwork,
      kms_key_name: c.kmsKeyName,
      labels: { ...c.labels },
      on_delete: c.onDelete,
    };
  }
}

/** Settings of {@link ProjectServiceIdentity}. */
export interface ProjectServiceIdentityConfig extends TerraformMetaArguments {
  /** The API whose service agent to create, e.g. `pubsub.googleapis.com`. */
  readonly service: string;
  readonly project: string;
}

/**
 * A Google service agent created up front (google-beta `google_project_service_identity`), so that
 * IAM grants to it never race its lazy creation on the API's first use.
 */
export class ProjectServiceIdentity extends TerraformResource {
  static readonly tfResourceType = 'google_project_service_identity';
  private readonly settings: ProjectServiceIdentityConfig;

  constructor(scope: Construct, id: string, config: ProjectServiceIdentityConfig) {
    super(scope, id, {
      terraformResourceType: ProjectServiceIdentity.tfResourceType,
      terraformGeneratorMetadata: GENERATOR,
      ...(config.provider ? { provider: config.provider } : {}),
      ...(config.dependsOn ? { dependsOn: config.dependsOn } : {}),
    });
    this.settings = config;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { service: this.settings.service, project: this.settings.project };
  }
}
