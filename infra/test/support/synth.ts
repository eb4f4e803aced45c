import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { addEnvironment } from '../../src/app.js';
import type { DeploymentArtifacts } from '../../src/artifacts/types.js';
import type { EnvironmentConfig } from '../../src/config/schema.js';

/** A synthesized stack's Terraform JSON. */
export interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown>;
}

/** Synthesizes environments the way `cdktf synth` does and reads every stack back. */
export function synthesizeEnvironments(
  outdir: string,
  configs: readonly EnvironmentConfig[],
  artifacts: DeploymentArtifacts,
): Map<string, StackJson> {
  const app = new App({ outdir });
  for (const config of configs) addEnvironment(app, config, artifacts);
  app.synth();
  return readStacks(outdir);
}

/** Reads `<outdir>/stacks/<name>/cdk.tf.json` for every stack. */
export function readStacks(outdir: string): Map<string, StackJson> {
  const stacksDir = join(outdir, 'stacks');
  return new Map(
    readdirSync(stacksDir)
      .sort()
      .map((name) => [
        name,
        JSON.parse(readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as StackJson,
      ]),
  );
}

/** Every resource of the given stacks as `[stack, type, id, body]`. */
export function allResources(
  stacks: Map<string, StackJson>,
): [string, string, string, Record<string, unknown>][] {
  const rows: [string, string, string, Record<string, unknown>][] = [];
  for (const [stack, json] of stacks) {
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [id, body] of Object.entries(byId)) rows.push([stack, type, id, body]);
    }
  }
  return rows;
}
