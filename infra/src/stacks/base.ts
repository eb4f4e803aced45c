import { GoogleProvider } from '@cdktf/provider-google/lib/provider/index.js';
import { GcsBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema.js';
import { Naming } from '../naming.js';

/**
 * A stack of one environment: its own google provider (project, region, default labels) and,
 * when configured, its own state object in the GCS state bucket.
 */
export abstract class SalesflowStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;

  protected constructor(scope: Construct, part: string, config: EnvironmentConfig) {
    const naming = new Naming(config);
    super(scope, naming.stack(part));
    this.config = config;
    this.naming = naming;
    new GoogleProvider(this, 'google', {
      project: config.project,
      region: config.region,
      defaultLabels: { ...config.labels },
    });
    if (config.stateBackend) {
      new GcsBackend(this, {
        bucket: config.stateBackend.bucket,
        prefix: `${config.stateBackend.prefix}/${naming.stack(part)}`,
      });
    }
  }

  /** Labels for resources that take them explicitly (datasets, buckets, jobs). */
  get labels(): Record<string, string> {
    return { ...this.config.labels };
  }
}
