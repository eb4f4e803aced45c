import { PROJECT_NUMBER, SERVICE_AGENTS, SERVICE_IDENTITY_EMAILS } from './agents.js';

/** A synthesized stack's Terraform JSON, as far as the permission model reads it. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value?: unknown }>;
  readonly provider?: Record<string, unknown>;
}

/** One resource of one stack. */
export interface TerraformResource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** An expression the model cannot evaluate; the message names the stack and the expression. */
export class UnresolvableExpression extends Error {}

/** Name prefix cdktf gives the remote-state data source of a cross-stack reference. */
const CROSS_STACK_INPUT = 'cross-stack-reference-input-';

type Segment = string | number;

/**
 * The synthesized stacks of one app, able to evaluate the Terraform expressions that IAM bindings
 * use — references to resources, to data sources, and across stacks through the
 * `terraform_remote_state` data sources and outputs cdktf generates — down to literal strings.
 * Values only Google knows (the project number) become {@link PROJECT_NUMBER}.
 */
export class TerraformModel {
  constructor(private readonly stacks: ReadonlyMap<string, StackJson>) {}

  /** Every resource of every stack. */
  *resources(): Generator<TerraformResource> {
    for (const [stack, json] of this.stacks) {
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [name, body] of Object.entries(byName)) yield { stack, type, name, body };
      }
    }
  }

  /** The stacks' names. */
  stackNames(): string[] {
    return [...this.stacks.keys()];
  }

  /** The project the stack's default google provider points at. */
  providerProject(stack: string): string {
    const providers = this.stack(stack).provider?.['google'];
    const first = Array.isArray(providers) ? (providers[0] as Record<string, unknown>) : undefined;
    const project = first?.['project'];
    if (typeof project !== 'string')
      throw new UnresolvableExpression(`${stack}: no google provider project`);
    return project;
  }

  /** Evaluates a value of `stack` (a literal or a string with `${...}` interpolations) to a string. */
  resolve(stack: string, value: unknown): string {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') {
      throw new UnresolvableExpression(`${stack}: expected a string, got ${JSON.stringify(value)}`);
    }
    let out = '';
    let rest = value;
    for (;;) {
      const start = rest.indexOf('${');
      if (start < 0) return out + rest;
      const end = closingBrace(rest, start + 2);
      if (end < 0)
        throw new UnresolvableExpression(`${stack}: unbalanced interpolation in ${value}`);
      out += rest.slice(0, start) + this.evaluate(stack, rest.slice(start + 2, end).trim());
      rest = rest.slice(end + 1);
    }
  }

  /** The body of a resource; throws when the stack has no such resource. */
  resource(stack: string, type: string, name: string): Readonly<Record<string, unknown>> {
    const body = this.stack(stack).resource?.[type]?.[name];
    if (body === undefined)
      throw new UnresolvableExpression(`${stack}: no resource ${type}.${name}`);
    return body;
  }

  private stack(name: string): StackJson {
    const json = this.stacks.get(name);
    if (json === undefined) throw new UnresolvableExpression(`no stack named ${name}`);
    return json;
  }

  private evaluate(stack: string, expression: string): string {
    const segments = parseTraversal(expression);
    if (segments === undefined) {
      throw new UnresolvableExpression(`${stack}: cannot evaluate \${${expression}}`);
    }
    const [head, type, name, ...path] = segments;
    if (head === 'data' && typeof type === 'string' && typeof name === 'string') {
      return this.dataAttribute(stack, type, name, path, expression);
    }
    if (typeof head === 'string' && typeof type === 'string' && head.includes('_')) {
      return this.resourceAttribute(
        stack,
        head,
        type,
        [name, ...path].filter(isDefined),
        expression,
      );
    }
    throw new UnresolvableExpression(`${stack}: cannot evaluate \${${expression}}`);
  }

  private dataAttribute(
    stack: string,
    type: string,
    name: string,
    path: Segment[],
    expression: string,
  ): string {
    const body = this.stack(stack).data?.[type]?.[name];
    if (body === undefined)
      throw new UnresolvableExpression(`${stack}: no data source ${type}.${name}`);
    const attribute = path.filter((s) => typeof s === 'string').join('.');
    const projectOf = (): string =>
      body['project'] === undefined
        ? this.providerProject(stack)
        : this.resolve(stack, body['project']);
    switch (type) {
      case 'terraform_remote_state': {
        const [outputs, output] = path;
        if (
          outputs !== 'outputs' ||
          typeof output !== 'string' ||
          !name.startsWith(CROSS_STACK_INPUT)
        )
          break;
        const producer = name.slice(CROSS_STACK_INPUT.length);
        const value = this.stack(producer).output?.[output]?.value;
        if (value === undefined)
          throw new UnresolvableExpression(`${producer}: no output ${output}`);
        return this.resolve(producer, value);
      }
      case 'google_project': {
        const project =
          body['project_id'] === undefined
            ? this.providerProject(stack)
            : this.resolve(stack, body['project_id']);
        if (attribute === 'project_id') return project;
        // The number stands for the environment's own project only.
        if (attribute === 'number' && project === this.providerProject(stack))
          return PROJECT_NUMBER;
        break;
      }
      case 'google_storage_project_service_account':
        if (projectOf() !== this.providerProject(stack)) break;
        if (attribute === 'email_address') return SERVICE_AGENTS.storage.email;
        if (attribute === 'member') return `serviceAccount:${SERVICE_AGENTS.storage.email}`;
        break;
      case 'google_bigquery_default_service_account':
        if (projectOf() !== this.providerProject(stack)) break;
        if (attribute === 'email') return SERVICE_AGENTS.bigquery.email;
        if (attribute === 'member') return `serviceAccount:${SERVICE_AGENTS.bigquery.email}`;
        break;
    }
    throw new UnresolvableExpression(`${stack}: cannot evaluate \${${expression}}`);
  }

  private resourceAttribute(
    stack: string,
    type: string,
    name: string,
    path: Segment[],
    expression: string,
  ): string {
    const body = this.resource(stack, type, name);
    const attribute = path.filter((s) => typeof s === 'string').join('.');
    const get = (key: string): string => this.resolve(stack, body[key]);
    const project = (): string =>
      body['project'] === undefined ? this.providerProject(stack) : get('project');
    const computed = computedAttribute(type, attribute, { get, project, has: (k) => k in body });
    if (computed !== undefined) return computed;
    // Anything else must be an argument written in the configuration.
    let value: unknown = body;
    for (const segment of path) {
      if (typeof segment === 'number') {
        if (Array.isArray(value)) value = value[segment];
        continue; // cdktf writes single nested blocks as objects; `[0]` addresses the object itself
      }
      value = Array.isArray(value)
        ? undefined
        : (value as Record<string, unknown> | undefined)?.[segment];
    }
    if (value === undefined) {
      throw new UnresolvableExpression(
        `${stack}: cannot evaluate \${${expression}} (computed by Google?)`,
      );
    }
    return this.resolve(stack, value);
  }
}

interface AttributeContext {
  get(key: string): string;
  project(): string;
  has(key: string): boolean;
}

/** Attributes the provider computes, as the google provider documents them. */
function computedAttribute(
  type: string,
  attribute: string,
  r: AttributeContext,
): string | undefined {
  switch (type) {
    case 'google_service_account': {
      const email = `${r.get('account_id')}@${r.project()}.iam.gserviceaccount.com`;
      if (attribute === 'email') return email;
      if (attribute === 'member') return `serviceAccount:${email}`;
      if (attribute === 'name' || attribute === 'id')
        return `projects/${r.project()}/serviceAccounts/${email}`;
      return undefined;
    }
    case 'google_project_service_identity': {
      const service = r.get('service');
      const email = SERVICE_IDENTITY_EMAILS[service];
      if (email === undefined) {
        throw new UnresolvableExpression(
          `google_project_service_identity for ${service}: its address is not in infra/src/permissions/agents.ts`,
        );
      }
      if (attribute === 'email') return email;
      if (attribute === 'member') return `serviceAccount:${email}`;
      return undefined;
    }
    case 'google_bigquery_dataset':
      if (attribute === 'id') return `projects/${r.project()}/datasets/${r.get('dataset_id')}`;
      if (attribute === 'project') return r.project();
      return undefined;
    case 'google_bigquery_table':
      if (attribute === 'id')
        return `projects/${r.project()}/datasets/${r.get('dataset_id')}/tables/${r.get('table_id')}`;
      if (attribute === 'project') return r.project();
      return undefined;
    case 'google_pubsub_topic':
      if (attribute === 'id') return `projects/${r.project()}/topics/${r.get('name')}`;
      return undefined;
    case 'google_pubsub_subscription':
      if (attribute === 'id') return `projects/${r.project()}/subscriptions/${r.get('name')}`;
      return undefined;
    case 'google_storage_bucket':
      if (attribute === 'id') return r.get('name');
      if (attribute === 'url') return `gs://${r.get('name')}`;
      return undefined;
    case 'google_cloudfunctions2_function': {
      const where = `projects/${r.project()}/locations/${r.get('location')}`;
      if (attribute === 'id') return `${where}/functions/${r.get('name')}`;
      // The function's Cloud Run service carries the function's name.
      if (attribute === 'service_config.service') return `${where}/services/${r.get('name')}`;
      return undefined;
    }
    case 'google_cloud_run_v2_service':
    case 'google_cloud_run_v2_job': {
      const kind = type === 'google_cloud_run_v2_job' ? 'jobs' : 'services';
      if (attribute === 'id')
        return `projects/${r.project()}/locations/${r.get('location')}/${kind}/${r.get('name')}`;
      if (attribute === 'project') return r.project();
      return undefined;
    }
    case 'google_artifact_registry_repository':
      if (attribute === 'id')
        return `projects/${r.project()}/locations/${r.get('location')}/repositories/${r.get('repository_id')}`;
      if (attribute === 'name') return r.get('repository_id');
      if (attribute === 'project') return r.project();
      return undefined;
    case 'google_kms_key_ring':
      if (attribute === 'id')
        return `projects/${r.project()}/locations/${r.get('location')}/keyRings/${r.get('name')}`;
      return undefined;
    case 'google_kms_crypto_key':
      if (attribute === 'id') return `${r.get('key_ring')}/cryptoKeys/${r.get('name')}`;
      return undefined;
    case 'google_project_iam_custom_role':
      if (attribute === 'id' || attribute === 'name')
        return `projects/${r.project()}/roles/${r.get('role_id')}`;
      return undefined;
    default:
      return undefined;
  }
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** Index of the `}` closing an interpolation opened before `from`, or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * `a.b-c.d[0].e` → `['a', 'b-c', 'd', 0, 'e']`; undefined for anything but a plain traversal
 * (function calls, operators, splats).
 */
function parseTraversal(expression: string): Segment[] | undefined {
  if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*$/.test(expression)) return undefined;
  const segments: Segment[] = [];
  for (const match of expression.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]/g)) {
    segments.push(match[1] ?? Number(match[2]));
  }
  return segments;
}
