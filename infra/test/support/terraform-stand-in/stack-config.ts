import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A backend block or a `terraform_remote_state` source: the type and its settings. */
export interface BackendRef {
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly workspace: string;
}

/** A provider requirement as written in `terraform.required_providers`. */
export interface ProviderRequirement {
  /** Fully qualified source, e.g. `registry.terraform.io/hashicorp/google`. */
  readonly source: string;
  readonly version: string;
}

/** An output as planned from the configuration. */
export interface PlannedOutput {
  readonly value: unknown;
  readonly sensitive: boolean;
}

/** What the stand-in needs to know about one stack directory's `cdk.tf.json`. */
export interface StackConfig {
  readonly backend: BackendRef;
  readonly providers: readonly ProviderRequirement[];
  /** Resource address → digest of its configuration: a changed digest plans an update. */
  readonly resources: ReadonlyMap<string, string>;
  readonly outputs: ReadonlyMap<string, PlannedOutput>;
  /** `terraform_remote_state` data sources by name. */
  readonly remoteStates: ReadonlyMap<string, BackendRef>;
  /** Outputs read from each remote state: `data.terraform_remote_state.<name>.outputs.<output>`. */
  readonly remoteOutputsRead: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The file CDKTF synthesizes into every stack directory. */
export const STACK_FILE = 'cdk.tf.json';

const REMOTE_OUTPUT_REFERENCE =
  /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/**
 * Terraform's default registry host and namespace for a short provider source such as `google`,
 * as `terraform init` resolves it.
 */
function qualifiedSource(source: string): string {
  const parts = source.split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${source}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/** A planned output value: literals as written, expressions as a marked placeholder. */
function plannedValue(value: unknown): unknown {
  if (typeof value === 'string' && value.includes('${')) {
    return `(stand-in value of ${value.replace(/^\$\{|\}$/g, '')})`;
  }
  return value;
}

/** Reads the stack configuration in `dir`, or undefined when the directory has none. */
export function readStackConfig(dir: string): StackConfig | undefined {
  const file = join(dir, STACK_FILE);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const json = asObject(JSON.parse(text));
  const terraform = asObject(json['terraform']);

  const [backendType, backendConfig] = Object.entries(asObject(terraform['backend']))[0] ?? [
    'local',
    {},
  ];
  const providers = Object.entries(asObject(terraform['required_providers'])).map(
    ([name, requirement]) => {
      const body = asObject(requirement);
      return {
        source: qualifiedSource(String(body['source'] ?? name)),
        version: String(body['version'] ?? ''),
      };
    },
  );

  const resources = new Map<string, string>();
  for (const [type, byName] of Object.entries(asObject(json['resource']))) {
    for (const [name, body] of Object.entries(asObject(byName))) {
      const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      resources.set(`${type}.${name}`, digest.slice(0, 16));
    }
  }

  const outputs = new Map<string, PlannedOutput>();
  for (const [name, body] of Object.entries(asObject(json['output']))) {
    const output = asObject(body);
    outputs.set(name, { value: plannedValue(output['value']), sensitive: !!output['sensitive'] });
  }

  const remoteStates = new Map<string, BackendRef>();
  const data = asObject(json['data']);
  for (const [name, body] of Object.entries(asObject(data['terraform_remote_state']))) {
    const source = asObject(body);
    const workspace = String(source['workspace'] ?? 'default');
    remoteStates.set(name, {
      type: String(source['backend']),
      config: asObject(source['config']),
      // Every stack runs in the default workspace, which is what `${terraform.workspace}` means.
      workspace: workspace === '${terraform.workspace}' ? 'default' : workspace,
    });
  }

  const remoteOutputsRead = new Map<string, Set<string>>();
  for (const [, source, output] of text.matchAll(REMOTE_OUTPUT_REFERENCE)) {
    if (source === undefined || output === undefined) continue;
    const read = remoteOutputsRead.get(source) ?? new Set<string>();
    read.add(output);
    remoteOutputsRead.set(source, read);
  }

  return {
    backend: { type: backendType, config: asObject(backendConfig), workspace: 'default' },
    providers,
    resources,
    outputs,
    remoteStates,
    remoteOutputsRead,
  };
}
