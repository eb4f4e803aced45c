import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** What a bucket holds decides whether old versions are worth keeping. */
export interface SecureBucketProps {
  readonly name: string;
  readonly location: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Keep noncurrent versions (state, artefacts) for `noncurrentVersionDays`. */
  readonly versioned: boolean;
  /** Versioned buckets: delete noncurrent versions after this many days. */
  readonly noncurrentVersionDays?: number;
  /** Delete live objects under `prefix` after this many days (scratch space). */
  readonly expire?: { readonly prefix: string; readonly days: number };
  readonly kmsKeyName?: string;
  readonly forceDestroy: boolean;
  /** What must exist first, e.g. the grant that lets Cloud Storage use the CMEK key. */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A bucket with the house rules built in: uniform bucket-level access, public access prevention
 * enforced, labels, optional CMEK, and lifecycle rules so nothing grows without bound.
 */
export class SecureBucket extends Construct {
  readonly bucket: StorageBucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const lifecycleRule = [
      ...(props.expire === undefined
        ? []
        : [
            {
              action: { type: 'Delete' },
              condition: { age: props.expire.days, matchesPrefix: [props.expire.prefix] },
            },
          ]),
      ...(props.versioned
        ? [
            {
              action: { type: 'Delete' },
              condition: {
                daysSinceNoncurrentTime: props.noncurrentVersionDays ?? 30,
                withState: 'ARCHIVED',
              },
            },
          ]
        : []),
      { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 1 } },
    ];
    this.bucket = new StorageBucket(this, 'bucket', {
      name: props.name,
      location: props.location,
      labels: { ...props.labels },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: props.versioned },
      forceDestroy: props.forceDestroy,
      lifecycleRule,
      ...(props.kmsKeyName === undefined
        ? {}
        : { encryption: { defaultKmsKeyName: props.kmsKeyName } }),
      ...(props.dependsOn === undefined ? {} : { dependsOn: [...props.dependsOn] }),
    });
  }
}
