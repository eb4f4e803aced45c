import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIGS, FIXTURE_ARTIFACTS, everythingConfig } from './support/fixtures.js';
import { allResources, synthesizeEnvironments, type StackJson } from './support/synth.js';

// Policies over the synthesized Terraform JSON of the real dev and prod configs, plus a
// configuration with every optional component on, so no resource kind escapes them.
const outdir = mkdtempSync(join(tmpdir(), 'salesflow-policy-'));
let stacks: Map<string, StackJson>;
let resources: ReturnType<typeof allResources>;

beforeAll(() => {
  stacks = synthesizeEnvironments(
    outdir,
    [CONFIGS.dev, CONFIGS.prod, everythingConfig()],
    FIXTURE_ARTIFACTS,
  );
  resources = allResources(stacks);
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Every value under `key` anywhere in a JSON tree. */
function valuesOf(tree: unknown, key: string): unknown[] {
  if (Array.isArray(tree)) return tree.flatMap((item) => valuesOf(item, key));
  if (tree === null || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

const of = (type: string) => resources.filter(([, t]) => t === type);
const environments = ['dev', 'prod', 'full'];

describe('policy over the synthesized dev and prod deployments', () => {
  it('synthesizes five stacks per environment', () => {
    for (const env of environments) {
      expect([...stacks.keys()].filter((name) => name.startsWith(`${env}-`))).toHaveLength(5);
    }
  });

  it('grants no primitive role', () => {
    const roles = resources.flatMap(([, , , body]) => valuesOf(body, 'role'));
    expect(roles.length).toBeGreaterThan(20);
    for (const role of roles)
      expect(['roles/owner', 'roles/editor', 'roles/viewer']).not.toContain(role);
  });

  it('grants nothing to allUsers or allAuthenticatedUsers', () => {
    const members = resources.flatMap(([, , , body]) =>
      [...valuesOf(body, 'member'), ...valuesOf(body, 'members')].flat(),
    );
    expect(members.length).toBeGreaterThan(20);
    for (const member of members) {
      expect(String(member)).not.toMatch(/allUsers|allAuthenticatedUsers/);
    }
  });

  it('runs every function, job and writing subscription as its own service account', () => {
    for (const env of environments) {
      const identities: string[] = [];
      const inEnv = (type: string) => of(type).filter(([stack]) => stack.startsWith(`${env}-`));
      for (const [, , , fn] of inEnv('google_cloudfunctions2_function')) {
        identities.push(
          String((fn['service_config'] as Record<string, unknown>)['service_account_email']),
        );
        expect((fn['build_config'] as Record<string, unknown>)['service_account']).toMatch(
          /google_service_account/,
        );
      }
      for (const [, , , job] of inEnv('google_dataflow_flex_template_job'))
        identities.push(String(job['service_account_email']));
      for (const [, , , job] of inEnv('google_cloud_run_v2_job')) {
        identities.push(
          String(
            ((job['template'] as Record<string, unknown>)['template'] as Record<string, unknown>)[
              'service_account'
            ],
          ),
        );
      }
      for (const [, , , composer] of inEnv('google_composer_environment')) {
        identities.push(
          String(
            valuesOf(composer, 'node_config').map(
              (n) => (n as Record<string, unknown>)['service_account'],
            )[0],
          ),
        );
      }
      const pushers: string[] = [];
      for (const [, , , sub] of inEnv('google_pubsub_subscription')) {
        const bigquery = sub['bigquery_config'] as Record<string, unknown> | undefined;
        if (bigquery) identities.push(String(bigquery['service_account_email']));
        const push = sub['push_config'] as Record<string, Record<string, unknown>> | undefined;
        // A push subscription always signs its requests, as an identity of its own.
        if (push) pushers.push(String(push['oidc_token']?.['service_account_email']));
      }
      expect(identities.length).toBeGreaterThanOrEqual(3);
      for (const identity of identities) expect(identity).toMatch(/google_service_account/);
      expect(new Set(identities).size).toBe(identities.length);
      for (const pusher of pushers) {
        expect(pusher).toMatch(/google_service_account/);
        expect(identities).not.toContain(pusher);
      }
      for (const [, , , job] of inEnv('google_cloud_scheduler_job')) {
        const target = job['http_target'] as Record<string, Record<string, unknown>>;
        const caller = String(
          (target['oidc_token'] ?? target['oauth_token'])?.['service_account_email'],
        );
        expect(caller).toMatch(/google_service_account/);
        expect(identities).not.toContain(caller);
      }
    }
  });

  it('gives every bucket uniform access, enforced public access prevention and lifecycle rules', () => {
    const buckets = of('google_storage_bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    for (const [, , , bucket] of buckets) {
      expect(bucket['uniform_bucket_level_access']).toBe(true);
      expect(bucket['public_access_prevention']).toBe('enforced');
      expect((bucket['lifecycle_rule'] as unknown[]).length).toBeGreaterThan(0);
      expect(bucket['labels']).toMatchObject({ app: 'salesflow' });
    }
  });

  it('gives every dataset a location and labels', () => {
    const datasets = of('google_bigquery_dataset');
    expect(datasets).toHaveLength(4 * environments.length);
    for (const [, , , dataset] of datasets) {
      expect(dataset['location']).toMatch(/^(EU|US|[a-z]+-[a-z]+\d+)$/);
      expect(Object.keys(dataset['labels'] as object).length).toBeGreaterThan(0);
    }
  });

  it('encrypts data at rest with the configured key wherever the environment sets one', () => {
    for (const [stack, type, , body] of resources) {
      if (!stack.startsWith('prod-')) continue;
      if (type === 'google_bigquery_table') expect(body['encryption_configuration']).toBeDefined();
      if (type === 'google_bigquery_dataset')
        expect(body['default_encryption_configuration']).toBeDefined();
      if (type === 'google_pubsub_topic') expect(body['kms_key_name']).toBeDefined();
      if (type === 'google_storage_bucket') expect(body['encryption']).toBeDefined();
    }
  });

  it('hard-codes no project id or region outside the configuration', () => {
    const devText = [...stacks]
      .filter(([name]) => name.startsWith('dev-'))
      .map(([, json]) => JSON.stringify(json))
      .join('');
    expect(devText).not.toContain('salesflow-prod');
    expect(devText).toContain(CONFIGS.dev.project);
  });
});
