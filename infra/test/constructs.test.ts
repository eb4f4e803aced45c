import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { DataflowFlexTemplateJob, GoogleBetaProvider } from '../src/constructs/google-beta.js';
import { SecureBucket } from '../src/constructs/secure-bucket.js';

const bucketProps = {
  location: 'europe-west1',
  labels: { app: 'salesflow' },
  forceDestroy: false,
} as const;

describe('SecureBucket', () => {
  it('keeps noncurrent versions of versioned buckets for the given days only', () => {
    const json = Testing.synthScope((scope) => {
      new SecureBucket(scope, 'artifacts', {
        ...bucketProps,
        name: 'p-artifacts',
        versioned: true,
        noncurrentVersionDays: 30,
      });
    });
    expect(
      Testing.toHaveResourceWithProperties(json, 'google_storage_bucket', {
        name: 'p-artifacts',
        uniform_bucket_level_access: true,
        public_access_prevention: 'enforced',
        versioning: { enabled: true },
        lifecycle_rule: [
          {
            action: { type: 'Delete' },
            condition: { days_since_noncurrent_time: 30, with_state: 'ARCHIVED' },
          },
          { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 1 } },
        ],
      }),
    ).toBe(true);
    expect(json).not.toContain('default_kms_key_name');
  });

  it('deletes scratch objects under their prefix only, after their age, and encrypts with the given key', () => {
    const key = 'projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k';
    const json = Testing.synthScope((scope) => {
      new SecureBucket(scope, 'scratch', {
        ...bucketProps,
        name: 'p-scratch',
        versioned: false,
        expire: { prefix: 'temp/', days: 3 },
        kmsKeyName: key,
      });
    });
    expect(
      Testing.toHaveResourceWithProperties(json, 'google_storage_bucket', {
        versioning: { enabled: false },
        encryption: { default_kms_key_name: key },
        lifecycle_rule: [
          { action: { type: 'Delete' }, condition: { age: 3, matches_prefix: ['temp/'] } },
          { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 1 } },
        ],
      }),
    ).toBe(true);
  });
});

describe('google-beta Flex template binding', () => {
  it('renders google_dataflow_flex_template_job on the google-beta provider, omitting unset attributes', () => {
    const json = Testing.synthScope((scope) => {
      const beta = new GoogleBetaProvider(scope, 'beta', {
        project: 'p',
        region: 'europe-west1',
        defaultLabels: { app: 'salesflow' },
      });
      new DataflowFlexTemplateJob(scope, 'job', {
        provider: beta,
        name: 'job',
        region: 'europe-west1',
        containerSpecGcsPath:
          'gs://dataflow-templates-europe-west1/latest/flex/PubSub_to_BigQuery_Flex',
        parameters: { inputSubscription: 'projects/p/subscriptions/s' },
        serviceAccountEmail: 'sa@p.iam.gserviceaccount.com',
        maxWorkers: 3,
        machineType: 'n2-standard-2',
        tempLocation: 'gs://b/temp',
        stagingLocation: 'gs://b/staging',
        enableStreamingEngine: true,
        ipConfiguration: 'WORKER_IP_PUBLIC',
        labels: { app: 'salesflow' },
        onDelete: 'drain',
      });
    });
    const parsed = JSON.parse(json) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    const job = parsed.resource['google_dataflow_flex_template_job']?.['job'];
    expect(job).toMatchObject({
      provider: 'google-beta',
      max_workers: 3,
      on_delete: 'drain',
      parameters: { inputSubscription: 'projects/p/subscriptions/s' },
    });
    expect(job).not.toHaveProperty('subnetwork');
    expect(job).not.toHaveProperty('kms_key_name');
    expect(
      Testing.toHaveProviderWithProperties(json, 'google-beta', {
        project: 'p',
        region: 'europe-west1',
      }),
    ).toBe(true);
  });
});
