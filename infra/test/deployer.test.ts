import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYER_ROLES, SET_IAM_POLICY_PERMISSION } from '../src/permissions/deployer.js';
import { loadRoleExcerpt } from '../src/permissions/role-excerpt.js';
import { CONFIGS, FIXTURE_ARTIFACTS, everythingConfig } from './support/fixtures.js';
import { allResources, synthesizeEnvironments } from './support/synth.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = mkdtempSync(join(tmpdir(), 'salesflow-deployer-'));
let iamTypes: Set<string>;

beforeAll(() => {
  const stacks = synthesizeEnvironments(
    outdir,
    [CONFIGS.dev, CONFIGS.prod, everythingConfig()],
    FIXTURE_ARTIFACTS,
  );
  iamTypes = new Set(
    allResources(stacks)
      .map(([, type]) => type)
      .filter((type) => /_iam_(member|binding|policy)$/.test(type)),
  );
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const roles = loadRoleExcerpt().roles;
const permissionsOf = (names: readonly string[]): Set<string> =>
  new Set(
    names.flatMap((name) => {
      const role = roles[name];
      if (role === undefined) throw new Error(`${name} is not in infra/iam/roles.json`);
      return role.permissions;
    }),
  );

/** The permissions the deploying account needs to write every IAM grant of the stacks. */
function neededPermissions(): string[] {
  return [...iamTypes].sort().flatMap((type) => {
    if (!(type in SET_IAM_POLICY_PERMISSION))
      throw new Error(`${type}: say in deployer.ts which permission writing it needs`);
    const permission = SET_IAM_POLICY_PERMISSION[type];
    return permission === undefined ? [] : [permission];
  });
}

describe('the deploying account (docs/deploy.md)', () => {
  it('can write every IAM grant the stacks make with the roles the guide names', () => {
    const granted = permissionsOf(DEPLOYER_ROLES);
    const missing = neededPermissions().filter((permission) => !granted.has(permission));
    expect(missing).toEqual([]);
    expect(neededPermissions().length).toBeGreaterThanOrEqual(9);
  });

  it('could not with Editor and Project IAM Admin, the roles the guide used to name', () => {
    const granted = permissionsOf(['roles/editor', 'roles/resourcemanager.projectIamAdmin']);
    const missing = neededPermissions().filter((permission) => !granted.has(permission));
    expect(missing).toEqual(
      expect.arrayContaining([
        'pubsub.topics.setIamPolicy',
        'pubsub.subscriptions.setIamPolicy',
        'iam.serviceAccounts.setIamPolicy',
        'run.services.setIamPolicy',
        'bigquery.tables.setIamPolicy',
        'cloudkms.cryptoKeys.setIamPolicy',
      ]),
    );
  });

  it('is described in the deploy guide with exactly those roles', () => {
    const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
    for (const role of DEPLOYER_ROLES) expect(guide).toContain(`\`${role}\``);
    expect(guide).not.toMatch(/Project IAM Admin \+ Editor/);
  });
});
