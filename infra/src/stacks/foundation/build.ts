import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member/index.js';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository/index.js';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema.js';

/** The Artifact Registry repository holding the functions' images and the dbt runner image. */
export const IMAGE_REPOSITORY = 'salesflow';

export interface BuildIdentityProps {
  readonly config: EnvironmentConfig;
  readonly labels: Readonly<Record<string, string>>;
  readonly builder: ServiceAccount;
  readonly projectNumber: string;
  /** Grants the repository's CMEK key waits for. */
  readonly encryptionReady: readonly ITerraformDependable[];
}

/**
 * What Cloud Build needs to build the functions (and the dbt image) as its own service account: a
 * Docker repository it may write to, read access to the buckets the sources are built from —
 * Cloud Functions' own `gcf-v2-sources-<number>-<region>`, where the Cloud Functions agent copies
 * each zip from the artifacts bucket, and, for the dbt image, `gcloud builds submit`'s
 * `<project>_cloudbuild` — granted on those buckets only by IAM conditions (Google creates the
 * buckets, not this app), and its build logs.
 */
export class BuildIdentity extends Construct {
  readonly repository: ArtifactRegistryRepository;

  constructor(scope: Construct, id: string, props: BuildIdentityProps) {
    super(scope, id);
    const { config, builder } = props;
    this.repository = new ArtifactRegistryRepository(this, 'images', {
      repositoryId: IMAGE_REPOSITORY,
      location: config.region,
      format: 'DOCKER',
      description: 'Function images built by Cloud Functions and the dbt runner image.',
      labels: { ...props.labels },
      ...(config.cmek === undefined ? {} : { kmsKeyName: config.cmek.regionalKey }),
      // Old images pile up with every deploy; keep the ten newest versions of each.
      cleanupPolicies: [
        { id: 'keep-recent', action: 'KEEP', mostRecentVersions: { keepCount: 10 } },
      ],
      cleanupPolicyDryRun: false,
      dependsOn: [...props.encryptionReady],
    });
    new ArtifactRegistryRepositoryIamMember(this, 'builder-pushes', {
      repository: this.repository.name,
      location: config.region,
      role: 'roles/artifactregistry.writer',
      member: builder.member,
    });
    const readBucket = (name: string, bucket: string, why: string, suffixed = false): void => {
      const path = `projects/_/buckets/${bucket}`;
      // The bucket or an object in it. A bare prefix would also match longer bucket names
      // (europe-west1 is a prefix of europe-west10), so only the separators that follow count.
      const alternatives = [
        `resource.name == "${path}"`,
        `resource.name.startsWith("${path}/")`,
        ...(suffixed ? [`resource.name.startsWith("${path}-")`] : []),
      ];
      new ProjectIamMember(this, name, {
        project: config.project,
        role: 'roles/storage.objectViewer',
        member: builder.member,
        condition: {
          title: `only ${bucket}`,
          description: why,
          expression: alternatives.join(' || '),
        },
      });
    };
    readBucket(
      'builder-reads-function-sources',
      `gcf-v2-sources-${props.projectNumber}-${config.region}`,
      'Cloud Functions copies each source zip here (with a key-hash suffix under CMEK) and Cloud Build reads it from here.',
      config.cmek !== undefined,
    );
    if (config.orchestrator.kind === 'cloud-run-job') {
      readBucket(
        'builder-reads-submitted-sources',
        `${config.project}_cloudbuild`,
        'gcloud builds submit uploads the dbt image sources here.',
      );
    }
    new ProjectIamMember(this, 'builder-logs', {
      project: config.project,
      role: 'roles/logging.logWriter',
      member: builder.member,
    });
  }
}
