import { ComposerEnvironment } from '@cdktf/provider-google/lib/composer-environment/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member/index.js';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object/index.js';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { BuiltFile, FileSet } from '../../artifacts/types.js';
import { COMPOSER_RESERVED_VARIABLES, type EnvironmentConfig } from '../../config/schema.js';
import { COMPOSER_DBT_DIR, ORCHESTRATION_NAMES } from './names.js';

type ComposerSettings = Extract<EnvironmentConfig['orchestrator'], { kind: 'composer' }>;

export interface ComposerOrchestratorProps {
  readonly config: EnvironmentConfig;
  readonly settings: ComposerSettings;
  readonly labels: Readonly<Record<string, string>>;
  readonly runner: ServiceAccount;
  /** `serviceAccount:` member of the Composer service agent. */
  readonly composerAgent: string;
  /** Variables every dbt process needs (profiles.yml). */
  readonly environment: Readonly<Record<string, string>>;
  readonly dags: FileSet;
  readonly dbtProject: FileSet;
  readonly dbtManifest: BuiltFile;
  readonly pypiPackages: Readonly<Record<string, string>>;
}

function withoutReserved(variables: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variables).filter(([name]) => !COMPOSER_RESERVED_VARIABLES.has(name)),
  );
}

/**
 * A Cloud Composer 3 environment (Airflow 2.11) running as its own service account, with our DAGs
 * in `dags/`, the dbt project and its manifest in `data/dbt/`, and the pinned PyPI packages.
 */
export class ComposerOrchestrator extends Construct {
  readonly environment: ComposerEnvironment;

  constructor(scope: Construct, id: string, props: ComposerOrchestratorProps) {
    super(scope, id);
    const { config, settings } = props;
    // Composer 3 needs its service agent to act for a user-managed environment account, before
    // the environment is created.
    const agentUsesRunner = new ServiceAccountIamMember(this, 'agent-uses-runner', {
      serviceAccountId: props.runner.name,
      role: 'roles/composer.ServiceAgentV2Ext',
      member: props.composerAgent,
    });
    this.environment = new ComposerEnvironment(this, 'environment', {
      name: ORCHESTRATION_NAMES.composer,
      region: config.region,
      labels: { ...props.labels },
      config: {
        environmentSize: settings.environmentSize,
        nodeConfig: { serviceAccount: props.runner.email },
        softwareConfig: {
          imageVersion: settings.imageVersion,
          pypiPackages: { ...props.pypiPackages },
          envVariables: {
            ...withoutReserved(props.environment),
            // The DAGs' settings (Airflow Variable salesflow_config, overridable in the UI).
            AIRFLOW_VAR_SALESFLOW_CONFIG: JSON.stringify({
              target: 'bigquery',
              gcp_project: config.project,
              bigquery_location: config.bigQueryLocation,
              dbt_project_dir: COMPOSER_DBT_DIR,
            }),
            ...settings.environmentVariables,
          },
        },
        ...(config.cmek === undefined
          ? {}
          : { encryptionConfig: { kmsKeyName: config.cmek.regionalKey } }),
      },
      dependsOn: [agentUsesRunner],
    });
    const bucket = Fn.element(Fn.split('/', this.environment.config.dagGcsPrefix), 2);
    this.upload('dag', bucket, 'dags', props.dags);
    this.upload('dbt', bucket, 'data/dbt', props.dbtProject);
    this.uploadFile('dbt-manifest', bucket, props.dbtManifest.objectName, props.dbtManifest.path);
  }

  /** Uploads every file of a set under `prefix/` in the Composer bucket, one object per file. */
  private upload(kind: string, bucket: string, prefix: string, files: FileSet): void {
    for (const file of files.files) {
      this.uploadFile(
        `${kind}-${file.replace(/[^A-Za-z0-9]/g, '-')}`,
        bucket,
        `${prefix}/${file}`,
        join(files.baseDir, file),
      );
    }
  }

  private uploadFile(id: string, bucket: string, name: string, path: string): void {
    const asset = new TerraformAsset(this, `${id}-asset`, { path, type: AssetType.FILE });
    new StorageBucketObject(this, id, { bucket, name, source: asset.path });
  }
}
