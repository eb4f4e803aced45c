import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../src/config/schema.js';
import { PROJECT_NUMBER } from '../src/permissions/agents.js';
import { UnsupportedIamResource, collectBindings } from '../src/permissions/bindings.js';
import { checkPermissions, type PermissionReport } from '../src/permissions/check.js';
import { UnsupportedCondition, conditionHolds } from '../src/permissions/conditions.js';
import { permissionNeeds } from '../src/permissions/needs.js';
import { bucketResource, objectsResource } from '../src/permissions/resources.js';
import { REFRESH_COMMAND, loadRoleExcerpt } from '../src/permissions/role-excerpt.js';
import { refreshRoleExcerpt } from '../src/permissions/role-refresh.js';
import { derivedNeeds } from '../src/permissions/rules.js';
import { TerraformModel, UnresolvableExpression } from '../src/permissions/terraform.js';
import type { Need } from '../src/permissions/types.js';
import { CONFIGS, FIXTURE_ARTIFACTS, everythingConfig } from './support/fixtures.js';
import { synthesizeEnvironments, type StackJson } from './support/synth.js';

// The stated needs of every runtime identity against the IAM the stacks really synthesize, for
// dev, prod and a configuration with every component on. The GCP control plane cannot run here:
// the check stands in for it, expanding roles from Google's role reference (infra/iam/roles.json).
const outdir = mkdtempSync(join(tmpdir(), 'salesflow-permissions-'));
const configs: EnvironmentConfig[] = [CONFIGS.dev, CONFIGS.prod, everythingConfig()];
const roles = loadRoleExcerpt();
const reports = new Map<string, PermissionReport>();

beforeAll(() => {
  const stacks = synthesizeEnvironments(outdir, configs, FIXTURE_ARTIFACTS);
  for (const config of configs) {
    const own = new Map<string, StackJson>(
      [...stacks].filter(([name]) => name.startsWith(`${config.environment}-`)),
    );
    const model = new TerraformModel(own);
    const needs = [...permissionNeeds(config), ...derivedNeeds(model)];
    reports.set(config.environment, checkPermissions(config, model, roles, needs));
  }
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const report = (environment: string): PermissionReport => reports.get(environment)!;
const environments = configs.map((config) => config.environment);

describe('permission model over the synthesized IAM', () => {
  it("expands every role through an excerpt of Google's role reference that names its source", () => {
    expect(roles.source.repository).toBe('https://github.com/iann0036/iam-dataset');
    expect(roles.source.commit).toMatch(/^[0-9a-f]{40}$/);
    const unknown = environments.flatMap((env) => report(env).unknownRoles);
    expect([...new Set(unknown)], 'roles missing from infra/iam/roles.json').toEqual([]);
  });

  it.each(environments)('%s: every identity holds every permission its code path needs', (env) => {
    const { missing } = report(env);
    expect(missing, `${env}: ${missing.length} missing grant(s)`).toEqual([]);
  });

  it.each(environments)('%s: every grant serves a stated need and is no wider than it', (env) => {
    const { excess } = report(env);
    expect(excess, `${env}: ${excess.length} grant(s) beyond the stated needs`).toEqual([]);
  });
});

// The machinery on small hand-written Terraform, so each rule is shown to bite on its own.
const PROVIDER = { google: [{ project: 'salesflow-dev', region: 'europe-west1' }] };
const REMOTE = '${data.terraform_remote_state.cross-stack-reference-input-dev-foundation.outputs';

function miniEnvironment(grants: Record<string, Record<string, unknown>>): TerraformModel {
  const foundation: StackJson & { output: Record<string, { value: string }> } = {
    provider: PROVIDER,
    data: { google_project: { project: { project_id: 'salesflow-dev' } } },
    resource: {
      google_service_account: { fx: { account_id: 'sfdev-fxrates-fn' } },
      google_project_service: { scheduler: { service: 'cloudscheduler.googleapis.com' } },
      ...grants,
    },
    output: {
      'cross-stack-output-fx-member': { value: '${google_service_account.fx.member}' },
      'cross-stack-output-number': { value: '${data.google_project.project.number}' },
    },
  };
  const warehouse: StackJson = {
    provider: PROVIDER,
    data: { terraform_remote_state: { 'cross-stack-reference-input-dev-foundation': {} } },
    resource: {
      google_bigquery_dataset: { bronze: { dataset_id: 'bronze' } },
      google_bigquery_table: {
        fx: { dataset_id: '${google_bigquery_dataset.bronze.dataset_id}', table_id: 'fx_rates' },
      },
      google_bigquery_table_iam_member: {
        fx: {
          dataset_id: '${google_bigquery_table.fx.dataset_id}',
          table_id: '${google_bigquery_table.fx.table_id}',
          role: 'roles/bigquery.dataEditor',
          member: `${REMOTE}.cross-stack-output-fx-member}`,
        },
      },
    },
  };
  return new TerraformModel(
    new Map<string, StackJson>([
      ['dev-foundation', foundation],
      ['dev-warehouse', warehouse],
    ]),
  );
}

const fx = { kind: 'account', component: 'fxrates-fn' } as const;
const MERGE: Need[] = [
  {
    principal: fx,
    permissions: ['bigquery.jobs.create'],
    resource: { kind: 'project' },
    why: 'runs the MERGE job',
  },
  {
    principal: fx,
    permissions: ['bigquery.tables.getData', 'bigquery.tables.updateData'],
    resource: { kind: 'table', dataset: 'bronze', table: 'fx_rates' },
    why: 'merges into fx_rates',
  },
];
const jobUser = {
  google_project_iam_member: {
    jobs: {
      project: 'salesflow-dev',
      role: 'roles/bigquery.jobUser',
      member: '${google_service_account.fx.member}',
    },
  },
};

describe('permission check', () => {
  it('resolves a member through the cross-stack remote state back to the service account', () => {
    const model = miniEnvironment({});
    const [binding] = collectBindings(model);
    expect(binding?.member).toBe(
      'serviceAccount:sfdev-fxrates-fn@salesflow-dev.iam.gserviceaccount.com',
    );
    expect(binding?.resource.key).toBe('projects/salesflow-dev/datasets/bronze/tables/fx_rates');
    expect(model.resolve('dev-warehouse', `${REMOTE}.cross-stack-output-number}`)).toBe(
      PROJECT_NUMBER,
    );
    expect(() => model.resolve('dev-warehouse', '${element(split("/", "a/b"), 1)}')).toThrow(
      UnresolvableExpression,
    );
  });

  it('reports a missing project-level grant with who, what, where and why', () => {
    const report = checkPermissions(CONFIGS.dev, miniEnvironment({}), roles, MERGE);
    expect(report.missing).toEqual([
      'sfdev-fxrates-fn needs bigquery.jobs.create on project salesflow-dev (runs the MERGE job)',
    ]);
    expect(checkPermissions(CONFIGS.dev, miniEnvironment(jobUser), roles, MERGE).missing).toEqual(
      [],
    );
  });

  it('counts a grant on an ancestor, never one on a descendant', () => {
    const onDataset: Need = {
      principal: fx,
      permissions: ['bigquery.tables.getData'],
      resource: { kind: 'dataset', dataset: 'bronze' },
      why: 'reads all of bronze',
    };
    const report = checkPermissions(CONFIGS.dev, miniEnvironment(jobUser), roles, [onDataset]);
    expect(report.missing).toHaveLength(1);
    expect(report.missing[0]).toMatch(
      /^sfdev-fxrates-fn needs bigquery.tables.getData on dataset bronze/,
    );
  });

  it('evaluates IAM conditions against the resource the need is on', () => {
    const sources = (expression: string) => ({
      google_project_iam_member: {
        read: {
          project: 'salesflow-dev',
          role: 'roles/storage.objectViewer',
          member: '${google_service_account.fx.member}',
          condition: { title: 't', expression },
        },
      },
    });
    const bucket = `gcf-v2-sources-${PROJECT_NUMBER}-europe-west1`;
    const need: Need = {
      principal: fx,
      permissions: ['storage.objects.get'],
      resource: { kind: 'bucket', bucket, objects: true },
      why: 'reads the sources',
    };
    const missing = (expression: string) =>
      checkPermissions(CONFIGS.dev, miniEnvironment(sources(expression)), roles, [need]).missing;
    const number = '${data.google_project.project.number}';
    expect(
      missing(
        `resource.name.startsWith("projects/_/buckets/gcf-v2-sources-${number}-europe-west1/")`,
      ),
    ).toEqual([]);
    expect(
      missing(`resource.name == "projects/_/buckets/gcf-v2-sources-${number}-europe-west1"`),
    ).toHaveLength(1);
    expect(missing('resource.name.startsWith("projects/_/buckets/other-bucket")')).toHaveLength(1);
    expect(() => missing('request.time < timestamp("2027-01-01T00:00:00Z")')).toThrow(
      UnsupportedCondition,
    );
  });

  it('flags grants no need uses and project-wide grants whose needs are narrower', () => {
    const grants = {
      ...jobUser,
      google_project_iam_member: {
        ...jobUser.google_project_iam_member,
        publish: {
          project: 'salesflow-dev',
          role: 'roles/pubsub.publisher',
          member: '${google_service_account.fx.member}',
        },
        merge: {
          project: 'salesflow-dev',
          role: 'roles/bigquery.dataEditor',
          member: '${google_service_account.fx.member}',
        },
      },
    };
    const { excess } = checkPermissions(CONFIGS.dev, miniEnvironment(grants), roles, MERGE);
    expect(excess).toEqual([
      'dev-foundation: google_project_iam_member.publish grants roles/pubsub.publisher to sfdev-fxrates-fn on project salesflow-dev, which no stated need uses',
      'dev-foundation: google_project_iam_member.merge grants roles/bigquery.dataEditor to sfdev-fxrates-fn on project salesflow-dev, wider than its needs on table bronze.fx_rates: grant it there',
    ]);
  });

  it('counts the roles Google grants its service agents only when their API is enabled', () => {
    const mint: Need = {
      principal: { kind: 'agent', agent: 'cloudScheduler' },
      permissions: ['iam.serviceAccounts.getOpenIdToken'],
      resource: { kind: 'serviceAccount', component: 'fxrates-fn' },
      why: 'signs the call',
    };
    expect(checkPermissions(CONFIGS.dev, miniEnvironment({}), roles, [mint]).missing).toEqual([]);
    const pubsub: Need = { ...mint, principal: { kind: 'agent', agent: 'pubsub' } };
    expect(
      checkPermissions(CONFIGS.dev, miniEnvironment({}), roles, [pubsub]).missing,
    ).toHaveLength(1);
  });

  it('names a role missing from the excerpt with the command that adds it', () => {
    const grants = {
      google_project_iam_member: {
        odd: {
          project: 'salesflow-dev',
          role: 'roles/bigquery.admin',
          member: '${google_service_account.fx.member}',
        },
      },
    };
    const { unknownRoles } = checkPermissions(CONFIGS.dev, miniEnvironment(grants), roles, MERGE);
    expect(unknownRoles).toEqual([
      `role roles/bigquery.admin is not in infra/iam/roles.json: add it with ${REFRESH_COMMAND.replace('[roles/NAME ...]', 'roles/bigquery.admin')}`,
    ]);
  });

  it('refuses IAM it cannot read instead of missing a grant', () => {
    const policy = { google_storage_bucket_iam_policy: { p: { bucket: 'b', policy_data: '{}' } } };
    expect(() => checkPermissions(CONFIGS.dev, miniEnvironment(policy), roles, MERGE)).toThrow(
      UnsupportedIamResource,
    );
  });
});

describe('IAM condition subset', () => {
  const objects = objectsResource('p', 'b-1');
  const bucket = bucketResource('p', 'b-1');
  const exactOrInside =
    'resource.name == "projects/_/buckets/b-1" || resource.name.startsWith("projects/_/buckets/b-1/")';

  it('holds for a bucket and all its objects, not for a bucket with a longer name', () => {
    expect(conditionHolds(exactOrInside, bucket)).toBe(true);
    expect(conditionHolds(exactOrInside, objects)).toBe(true);
    expect(conditionHolds(exactOrInside, bucketResource('p', 'b-10'))).toBe(false);
  });

  it('does not hold for every object when it names only some of them', () => {
    expect(
      conditionHolds('resource.name.startsWith("projects/_/buckets/b-1/objects/udf/")', objects),
    ).toBe(false);
    expect(conditionHolds('resource.name.endsWith(".js")', objects)).toBe(false);
    expect(conditionHolds('resource.name != "projects/_/buckets/b-2/objects/x"', objects)).toBe(
      true,
    );
  });

  it('reads resource.type and resource.service, with && and parentheses', () => {
    const typed =
      '(resource.type == "storage.googleapis.com/Object" && resource.service == "storage.googleapis.com")';
    expect(conditionHolds(typed, objects)).toBe(true);
    expect(conditionHolds(typed, bucket)).toBe(false);
  });

  it('refuses syntax outside the subset', () => {
    for (const expression of [
      '!(resource.name == "x")',
      'resource.name.extract("{x}") == "y"',
      'request.time < timestamp("2027-01-01T00:00:00Z")',
      'resource.name == "x" resource.type',
    ]) {
      expect(() => conditionHolds(expression, bucket), expression).toThrow(UnsupportedCondition);
    }
  });
});

describe('role excerpt refresh', () => {
  it('rebuilds the excerpt from a clone of the role dataset, keeping the roles it had', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'salesflow-iam-dataset-'));
    const excerptPath = join(clone, 'roles.json');
    try {
      const git = (...args: string[]): string =>
        execFileSync('git', ['-C', clone, ...args], {
          encoding: 'utf8',
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'a',
            GIT_AUTHOR_EMAIL: 'a@example.com',
            GIT_COMMITTER_NAME: 'a',
            GIT_COMMITTER_EMAIL: 'a@example.com',
          },
        });
      git('init', '-q');
      mkdirSync(join(clone, 'gcp', 'roles'), { recursive: true });
      const role = (name: string, permissions: string[]): void =>
        writeFileSync(
          join(clone, 'gcp', 'roles', `${name}.json`),
          JSON.stringify({
            name: `roles/${name}`,
            title: name,
            stage: 'GA',
            includedPermissions: permissions,
          }),
        );
      role('pubsub.publisher', ['pubsub.topics.publish']);
      role('run.invoker', ['run.routes.invoke', 'run.jobs.run']);
      git('add', '.');
      git('commit', '-qm', 'roles');

      await refreshRoleExcerpt(clone, ['roles/pubsub.publisher'], excerptPath);
      const first = loadRoleExcerpt(excerptPath);
      expect(first.source.commit).toBe(git('rev-parse', 'HEAD').trim());
      expect(Object.keys(first.roles)).toEqual(['roles/pubsub.publisher']);

      await refreshRoleExcerpt(clone, ['roles/run.invoker'], excerptPath);
      const second = loadRoleExcerpt(excerptPath);
      expect(second.roles['roles/run.invoker']?.permissions).toEqual([
        'run.jobs.run',
        'run.routes.invoke',
      ]);
      expect(Object.keys(second.roles)).toEqual(['roles/pubsub.publisher', 'roles/run.invoker']);

      await expect(refreshRoleExcerpt(clone, ['roles/no.such'], excerptPath)).rejects.toThrow(
        'roles/no.such: gcp/roles/no.such.json is not in the clone',
      );
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
