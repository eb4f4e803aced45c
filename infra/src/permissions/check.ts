import type { EnvironmentConfig } from '../config/schema.js';
import { Naming } from '../naming.js';
import { SERVICE_AGENTS } from './agents.js';
import { collectBindings, type Binding } from './bindings.js';
import { conditionHolds } from './conditions.js';
import {
  bucketResource,
  cryptoKeyResource,
  datasetResource,
  objectsResource,
  projectResource,
  repositoryResource,
  runJobResource,
  runServiceResource,
  serviceAccountResource,
  subscriptionResource,
  tableResource,
  topicResource,
  type IamResource,
} from './resources.js';
import { UnknownRoleError, permissionsOf, type RoleExcerpt } from './role-excerpt.js';
import type { TerraformModel } from './terraform.js';
import type { Need, Principal, ResourceRef, ServiceAgent } from './types.js';

/** What the synthesized IAM of one environment lacks, and what it grants beyond the needs. */
export interface PermissionReport {
  /** `identity needs permission on resource (why)`, one line per need not fully granted. */
  readonly missing: string[];
  /** Grants no stated need uses, and grants made wider than every need they serve. */
  readonly excess: string[];
  /** Roles granted or required that the role excerpt lacks, with how to add them. */
  readonly unknownRoles: string[];
}

const AGENT_LABELS: Readonly<Record<ServiceAgent, string>> = {
  pubsub: 'Pub/Sub service agent',
  bigquery: 'BigQuery encryption service account',
  storage: 'Cloud Storage service agent',
  dataflow: 'Dataflow service agent',
  compute: 'Compute Engine service agent',
  composer: 'Composer service agent',
  artifactRegistry: 'Artifact Registry service agent',
  cloudRun: 'Cloud Run service agent',
  cloudScheduler: 'Cloud Scheduler service agent',
};

const SHOWN_PERMISSIONS = 6;

/**
 * Checks every need against the IAM bindings the environment's stacks synthesize — expanding each
 * role through the role excerpt, evaluating IAM conditions, and counting grants on ancestors (the
 * project, the dataset) — plus the roles Google itself grants its service agents on the project
 * when their APIs are enabled. Reports missing grants and grants no need explains.
 */
export function checkPermissions(
  config: EnvironmentConfig,
  model: TerraformModel,
  roles: RoleExcerpt,
  needs: readonly Need[],
): PermissionReport {
  const naming = new Naming(config);
  const unknownRoles = new Set<string>();
  const customRoles = customRolesOf(model);
  const roleCache = new Map<string, ReadonlySet<string>>();
  const rolePermissions = (role: string): ReadonlySet<string> => {
    const cached = roleCache.get(role);
    if (cached) return cached;
    let permissions: ReadonlySet<string> = customRoles.get(role) ?? new Set<string>();
    if (!customRoles.has(role)) {
      try {
        permissions = permissionsOf(roles, role);
      } catch (error) {
        if (!(error instanceof UnknownRoleError)) throw error;
        unknownRoles.add(error.message);
      }
    }
    roleCache.set(role, permissions);
    return permissions;
  };

  const accountEmail = (component: string): string =>
    `${naming.serviceAccountId(component)}@${config.project}.iam.gserviceaccount.com`;
  const memberOf = (principal: Principal): string => {
    if (principal.kind === 'account') return `serviceAccount:${accountEmail(principal.component)}`;
    if (principal.kind === 'agent')
      return `serviceAccount:${SERVICE_AGENTS[principal.agent].email}`;
    return principal.member;
  };
  const agentByMember = new Map(
    (Object.keys(SERVICE_AGENTS) as ServiceAgent[]).map((a) => [
      `serviceAccount:${SERVICE_AGENTS[a].email}`,
      a,
    ]),
  );
  const label = (member: string): string => {
    const agent = agentByMember.get(member);
    if (agent !== undefined) return AGENT_LABELS[agent];
    const own = new RegExp(
      `^serviceAccount:([^@]+)@${config.project}\\.iam\\.gserviceaccount\\.com$`,
    ).exec(member);
    return own?.[1] ?? member;
  };

  const created = createdAccounts(model);
  const imageRepositories = functionImageRepositories(model, config);
  const locate = (ref: ResourceRef): IamResource[] => {
    const p = config.project;
    switch (ref.kind) {
      case 'project':
        return [projectResource(ref.project ?? p)];
      case 'bucket':
        return [ref.objects ? objectsResource(p, ref.bucket) : bucketResource(p, ref.bucket)];
      case 'dataset':
        return [datasetResource(p, ref.dataset)];
      case 'table':
        return [tableResource(p, ref.dataset, ref.table)];
      case 'topic':
        return [topicResource(p, ref.topic)];
      case 'subscription':
        return [subscriptionResource(p, ref.subscription)];
      case 'serviceAccount':
        return [serviceAccountResource(accountEmail(ref.component))];
      case 'runService':
        return [runServiceResource(p, config.region, ref.service)];
      case 'runJob':
        return [runJobResource(p, config.region, ref.job)];
      case 'cryptoKey':
        return [cryptoKeyResource(ref.key)];
      case 'repository':
        return [
          repositoryResource(ref.project ?? p, ref.location ?? config.region, ref.repository),
        ];
      case 'functionImageRepository':
        return imageRepositories;
    }
  };
  const required = (need: Need): readonly string[] =>
    'permissions' in need ? need.permissions : [...rolePermissions(need.everyPermissionOf)];
  const reaches = (binding: Binding, resource: IamResource): boolean =>
    resource.lineage.includes(binding.resource.key) &&
    (binding.condition === undefined || conditionHolds(binding.condition, resource));

  const synthesized = collectBindings(model);
  const bindings = [...synthesized, ...googleGrantedBindings(model, config)];

  const missing: string[] = [];
  for (const need of needs) {
    const member = memberOf(need.principal);
    const absent =
      need.principal.kind === 'account' && !created.has(accountEmail(need.principal.component))
        ? ` — no google_service_account creates ${naming.serviceAccountId(need.principal.component)}`
        : '';
    for (const resource of locate(need.resource)) {
      const granted = new Set<string>();
      for (const binding of bindings) {
        if (binding.member === member && reaches(binding, resource)) {
          for (const permission of rolePermissions(binding.role)) granted.add(permission);
        }
      }
      const lacking =
        absent === '' ? required(need).filter((p) => !granted.has(p)) : [...required(need)];
      if (lacking.length === 0) continue;
      missing.push(
        `${label(member)} needs ${describe(need, lacking)} on ${resource.label} (${need.why})${absent}`,
      );
    }
  }

  const excess: string[] = [];
  for (const binding of synthesized) {
    const offered = rolePermissions(binding.role);
    const served: IamResource[] = [];
    for (const need of needs) {
      if (memberOf(need.principal) !== binding.member) continue;
      if (!required(need).some((p) => offered.has(p))) continue;
      served.push(...locate(need.resource).filter((resource) => reaches(binding, resource)));
    }
    const grant = `${binding.source} grants ${binding.role} to ${label(binding.member)} on ${binding.resource.label}`;
    if (served.length === 0) {
      excess.push(`${grant}, which no stated need uses`);
      continue;
    }
    // Every object of a bucket is granted on the bucket: that is as narrow as it gets.
    const narrowest = (r: IamResource): string => (r.prefixOnly ? r.lineage[1]! : r.key);
    if (
      binding.condition === undefined &&
      served.every((r) => narrowest(r) !== binding.resource.key)
    ) {
      const where = [
        ...new Set(
          served.map((r) => (r.prefixOnly ? r.label.replace(/^objects in /, '') : r.label)),
        ),
      ];
      excess.push(`${grant}, wider than its needs on ${where.join(', ')}: grant it there`);
    }
  }
  return { missing, excess, unknownRoles: [...unknownRoles].sort() };
}

function describe(need: Need, lacking: readonly string[]): string {
  const shown = lacking.slice(0, SHOWN_PERMISSIONS).join(', ');
  const more =
    lacking.length > SHOWN_PERMISSIONS ? ` … ${lacking.length - SHOWN_PERMISSIONS} more` : '';
  if ('everyPermissionOf' in need) return `${need.everyPermissionOf} (lacking ${shown}${more})`;
  return `${shown}${more}`;
}

/** E-mails of the service accounts the stacks create. */
function createdAccounts(model: TerraformModel): Set<string> {
  const emails = new Set<string>();
  for (const r of model.resources()) {
    if (r.type !== 'google_service_account') continue;
    const project =
      r.body['project'] === undefined
        ? model.providerProject(r.stack)
        : model.resolve(r.stack, r.body['project']);
    emails.add(
      `${model.resolve(r.stack, r.body['account_id'])}@${project}.iam.gserviceaccount.com`,
    );
  }
  return emails;
}

/** Permissions of the custom roles the stacks define, by role name. */
function customRolesOf(model: TerraformModel): Map<string, ReadonlySet<string>> {
  const roles = new Map<string, ReadonlySet<string>>();
  for (const r of model.resources()) {
    if (r.type !== 'google_project_iam_custom_role') continue;
    const project =
      r.body['project'] === undefined
        ? model.providerProject(r.stack)
        : model.resolve(r.stack, r.body['project']);
    const permissions = (r.body['permissions'] as unknown[]).map((p) => model.resolve(r.stack, p));
    roles.set(
      `projects/${project}/roles/${model.resolve(r.stack, r.body['role_id'])}`,
      new Set(permissions),
    );
  }
  return roles;
}

/**
 * The repositories the functions' builds push to: `build_config.docker_repository`, or Cloud
 * Functions' default `gcf-artifacts` in the function's region when it is not set.
 */
function functionImageRepositories(
  model: TerraformModel,
  config: EnvironmentConfig,
): IamResource[] {
  const found = new Map<string, IamResource>();
  for (const r of model.resources()) {
    if (r.type !== 'google_cloudfunctions2_function') continue;
    const build = (r.body['build_config'] ?? {}) as Record<string, unknown>;
    const location = model.resolve(r.stack, r.body['location']);
    let resource = repositoryResource(config.project, location, 'gcf-artifacts');
    if (build['docker_repository'] !== undefined) {
      const name = model.resolve(r.stack, build['docker_repository']);
      const match = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(name);
      if (!match)
        throw new Error(
          `${r.stack}: docker_repository ${name} is not projects/P/locations/L/repositories/R`,
        );
      resource = repositoryResource(match[1]!, match[2]!, match[3]!);
    }
    found.set(resource.key, resource);
  }
  return [...found.values()];
}

/**
 * The roles Google grants its service agents on the project when their APIs are enabled: needs
 * they serve (an agent minting a token for an account it acts as) hold without a grant here.
 */
function googleGrantedBindings(model: TerraformModel, config: EnvironmentConfig): Binding[] {
  const enabled = new Set<string>();
  for (const r of model.resources()) {
    if (r.type === 'google_project_service') enabled.add(model.resolve(r.stack, r.body['service']));
  }
  const bindings: Binding[] = [];
  for (const agent of Object.values(SERVICE_AGENTS)) {
    if (agent.grantedRole === undefined || !enabled.has(agent.api)) continue;
    bindings.push({
      source: `Google (service agent role, granted when ${agent.api} is enabled)`,
      member: `serviceAccount:${agent.email}`,
      role: agent.grantedRole,
      resource: projectResource(config.project),
    });
  }
  return bindings;
}
