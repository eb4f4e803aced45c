import {
  bucketResource,
  cryptoKeyResource,
  datasetResource,
  functionResource,
  keyRingResource,
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
import type { TerraformModel, TerraformResource } from './terraform.js';

/** One principal holding one role on one resource, as the synthesized Terraform grants it. */
export interface Binding {
  /** `<stack>: <type>.<name>` of the resource that grants it. */
  readonly source: string;
  readonly member: string;
  readonly role: string;
  readonly resource: IamResource;
  /** The IAM condition's CEL expression, when the grant has one. */
  readonly condition?: string;
}

/** A resource that sets IAM in a way the model cannot read; better to stop than to miss a grant. */
export class UnsupportedIamResource extends Error {}

type Locate = (
  get: (key: string) => string,
  has: (key: string) => boolean,
  project: string,
) => IamResource;

/** The last segment of a name that may be given short (`x`) or in full (`projects/…/x`). */
const last = (value: string): string => value.slice(value.lastIndexOf('/') + 1);
/** The segment after `kind/` in a full resource name, if the name is full. */
const segment = (value: string, kind: string): string | undefined =>
  new RegExp(`(?:^|/)${kind}/([^/]+)`).exec(value)?.[1];

/** Where each IAM resource type's grant applies, read from its arguments. */
const LOCATORS: Readonly<Record<string, Locate>> = {
  google_project: (get) => projectResource(last(get('project'))),
  google_storage_bucket: (get, _has, project) => bucketResource(project, last(get('bucket'))),
  google_bigquery_dataset: (get, _has, project) => {
    const dataset = get('dataset_id');
    return datasetResource(segment(dataset, 'projects') ?? project, last(dataset));
  },
  google_bigquery_table: (get, _has, project) => {
    const table = get('table_id');
    const dataset = segment(table, 'datasets') ?? last(get('dataset_id'));
    return tableResource(segment(table, 'projects') ?? project, dataset, last(table));
  },
  google_pubsub_topic: (get, _has, project) => {
    const topic = get('topic');
    return topicResource(segment(topic, 'projects') ?? project, last(topic));
  },
  google_pubsub_subscription: (get, _has, project) => {
    const subscription = get('subscription');
    return subscriptionResource(segment(subscription, 'projects') ?? project, last(subscription));
  },
  google_service_account: (get) => serviceAccountResource(last(get('service_account_id'))),
  google_cloud_run_v2_service: (get, has, project) => {
    const name = get('name');
    return runServiceResource(
      segment(name, 'projects') ?? project,
      segment(name, 'locations') ?? get('location'),
      last(name),
    );
  },
  google_cloud_run_v2_job: (get, has, project) => {
    const name = get('name');
    return runJobResource(
      segment(name, 'projects') ?? project,
      segment(name, 'locations') ?? get('location'),
      last(name),
    );
  },
  google_cloud_run_service: (get, _has, project) => {
    const name = get('service');
    return runServiceResource(
      segment(name, 'projects') ?? project,
      segment(name, 'locations') ?? get('location'),
      last(name),
    );
  },
  google_cloudfunctions2_function: (get, _has, project) => {
    const name = get('cloud_function');
    return functionResource(
      segment(name, 'projects') ?? project,
      segment(name, 'locations') ?? get('location'),
      last(name),
    );
  },
  google_kms_crypto_key: (get) => cryptoKeyResource(get('crypto_key_id')),
  google_kms_key_ring: (get) => keyRingResource(get('key_ring_id')),
  google_artifact_registry_repository: (get, has, project) => {
    const name = get('repository');
    return repositoryResource(
      segment(name, 'projects') ?? project,
      segment(name, 'locations') ?? (has('location') ? get('location') : ''),
      last(name),
    );
  },
};

/** Resource types that carry IAM the model does not read. */
const OPAQUE_IAM = /_iam_policy$|^google_bigquery_dataset_access$|_iam_audit_config$/;

/** Every IAM grant in the synthesized stacks, with members and resources resolved to literals. */
export function collectBindings(model: TerraformModel): Binding[] {
  const bindings: Binding[] = [];
  for (const resource of model.resources()) {
    bindings.push(...bindingsOf(model, resource));
  }
  return bindings;
}

function bindingsOf(model: TerraformModel, r: TerraformResource): Binding[] {
  const source = `${r.stack}: ${r.type}.${r.name}`;
  if (
    OPAQUE_IAM.test(r.type) ||
    (r.type === 'google_bigquery_dataset' && r.body['access'] !== undefined)
  ) {
    throw new UnsupportedIamResource(
      `${source} sets IAM in a form the permission model does not read: use *_iam_member resources or teach infra/src/permissions/bindings.ts`,
    );
  }
  const match = /^(.*)_iam_(member|binding)$/.exec(r.type);
  if (!match) return [];
  const locate = LOCATORS[match[1]!];
  if (locate === undefined) {
    throw new UnsupportedIamResource(
      `${source}: unknown IAM resource type; teach infra/src/permissions/bindings.ts where it grants`,
    );
  }
  const get = (key: string): string => model.resolve(r.stack, r.body[key]);
  const has = (key: string): boolean => r.body[key] !== undefined;
  const project = has('project') ? get('project') : model.providerProject(r.stack);
  const resource = locate(get, has, project);
  const role = get('role');
  const condition = r.body['condition'] as { expression?: unknown } | undefined;
  const expression =
    condition === undefined ? undefined : model.resolve(r.stack, condition.expression);
  const members =
    match[2] === 'member'
      ? [get('member')]
      : (r.body['members'] as unknown[]).map((member) => model.resolve(r.stack, member));
  return members.map((member) => ({
    source,
    member,
    role,
    resource,
    ...(expression === undefined ? {} : { condition: expression }),
  }));
}
