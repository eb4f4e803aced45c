/**
 * A stand-in for the `terraform` binary, for tests of the real cdktf CLI.
 *
 * Terraform is the one part of `cdktf deploy` that cannot run offline: it calls Google Cloud. This
 * program answers the invocations the cdktf CLI 0.21 makes (`-v`, `version -json`, `init`,
 * `providers lock`, `plan`, `apply`, `destroy`, `output -json`) with terraform's own messages, and
 * keeps what terraform keeps so the order of a deploy matters as it does for real:
 *
 * - `apply` stores the stack's resources and outputs in its backend's state; `output -json` prints
 *   them the way terraform does.
 * - `plan`, `apply` and `destroy` read every `terraform_remote_state` the stack declares, and fail
 *   like terraform ("Unable to find remote state", "Unsupported attribute") when the stack it
 *   reads has not been deployed, or has been destroyed, or lacks an output the stack reads.
 * - Without `-auto-approve`, `apply` and `destroy` ask terraform's question and read the answer.
 *
 * Every backend's state lives under the directory in `SALESFLOW_TF_STAND_IN_STATE` (the GCS bucket
 * and the local paths are only keys), and every invocation is appended to the log in
 * `SALESFLOW_TF_STAND_IN_LOG`. With `SALESFLOW_TF_STAND_IN_ABSENT` set it fails every call, as on
 * a machine without terraform. Subcommands and flags it does not model fail loudly, so a CLI that
 * starts calling terraform differently fails the tests instead of passing them.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import {
  readState,
  stateFile,
  writeState,
  type StandInState,
  type StateOutput,
} from './backend.js';
import { STAND_IN_ENV, type TerraformCall } from './calls.js';
import { readStackConfig, type StackConfig } from './stack-config.js';

/** The terraform release this stand-in answers as (the deploy guide asks for 1.5 or newer). */
const VERSION = '1.11.4';
const PLATFORM = 'linux_amd64';
const BACKEND_MARKER = join('.terraform', 'terraform.tfstate');
const LOCK_FILE = '.terraform.lock.hcl';

/** An error terraform would print as `Error: <summary>` followed by its detail. */
class TerraformError extends Error {
  constructor(
    readonly summary: string,
    readonly detail: string,
  ) {
    super(summary);
  }
}

interface Invocation {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly stateRoot: string;
  answer?: string;
}

const out = (text: string): void => void process.stdout.write(text);

/** Accepts only the flags terraform defines for a subcommand, as terraform does. */
function flags(args: readonly string[], allowed: readonly string[]): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const name = arg.split('=')[0] ?? arg;
    if (!allowed.includes(name)) {
      throw new TerraformError(
        'Failed to parse command-line flags',
        `flag provided but not defined: ${name}`,
      );
    }
    seen.add(name);
    // `-out plan` takes its value as the next argument.
    if (name === '-out' && !arg.includes('=')) i++;
  }
  return seen;
}

function requireConfig(inv: Invocation): StackConfig {
  const config = readStackConfig(inv.cwd);
  if (!config) {
    throw new TerraformError(
      'No configuration files',
      'Apply requires configuration to be present. Run this from a stack directory.',
    );
  }
  return config;
}

function requireInit(inv: Invocation): StackConfig {
  const config = requireConfig(inv);
  if (!existsSync(join(inv.cwd, BACKEND_MARKER))) {
    throw new TerraformError(
      'Backend initialization required, please run "terraform init"',
      `Reason: Initial configuration of the requested backend "${config.backend.type}"`,
    );
  }
  return config;
}

function version(inv: Invocation): void {
  if (inv.args.includes('-json')) {
    const report = {
      terraform_version: VERSION,
      platform: PLATFORM,
      provider_selections: {},
      terraform_outdated: false,
    };
    out(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  out(
    `Terraform v${VERSION}\non ${PLATFORM}\n(salesflow terraform stand-in: calls no cloud API)\n`,
  );
}

function lockFile(config: StackConfig): string {
  const blocks = config.providers.map((provider) => {
    const exact = /^=?\s*(\d+\.\d+\.\d+)$/.exec(provider.version)?.[1];
    if (!exact) {
      throw new TerraformError(
        'Unsupported provider constraint',
        `the terraform stand-in locks exact provider versions only, not "${provider.version}" for ${provider.source}`,
      );
    }
    return `provider "${provider.source}" {\n  version     = "${exact}"\n  constraints = "${provider.version}"\n}\n`;
  });
  return [
    '# This file is maintained automatically by "terraform init".',
    '# Manual edits may be lost in future updates.',
    '',
    ...blocks,
  ].join('\n');
}

function init(inv: Invocation): void {
  flags(inv.args.slice(1), ['-upgrade', '-no-color', '-migrate-state', '-input', '-reconfigure']);
  const config = readStackConfig(inv.cwd);
  if (!config) {
    out('Terraform initialized in an empty directory!\n');
    return;
  }
  // Fails for a backend the stand-in cannot keep state for.
  stateFile(inv.stateRoot, config.backend, inv.cwd);
  mkdirSync(join(inv.cwd, '.terraform'), { recursive: true });
  writeFileSync(
    join(inv.cwd, BACKEND_MARKER),
    JSON.stringify({ backend: { type: config.backend.type, config: config.backend.config } }),
  );
  writeFileSync(join(inv.cwd, LOCK_FILE), lockFile(config));
  out('Initializing the backend...\n');
  out(`Successfully configured the backend "${config.backend.type}"!\n`);
  out('Initializing provider plugins...\n');
  for (const provider of config.providers) {
    out(`- Using ${provider.source} v${provider.version} (stand-in: nothing is downloaded)\n`);
  }
  out('\nTerraform has been successfully initialized!\n');
}

function providersLock(inv: Invocation): void {
  flags(inv.args.slice(2), ['-platform', '-no-color']);
  const config = requireConfig(inv);
  writeFileSync(join(inv.cwd, LOCK_FILE), lockFile(config));
  out('\nSuccess! Terraform has updated the lock file.\n');
}

/** Reads every remote state the stack declares, failing as terraform does when one is missing. */
function refreshRemoteStates(inv: Invocation, config: StackConfig): void {
  for (const [name, source] of config.remoteStates) {
    const address = `data.terraform_remote_state.${name}`;
    out(`${address}: Reading...\n`);
    const state = readState(stateFile(inv.stateRoot, source, inv.cwd));
    if (!state) {
      throw new TerraformError(
        'Unable to find remote state',
        `  with ${address},\n  on cdk.tf.json\n\nNo stored state was found for the given workspace in the given backend.`,
      );
    }
    out(`${address}: Read complete after 0s\n`);
    for (const output of config.remoteOutputsRead.get(name) ?? []) {
      if (!(output in state.outputs)) {
        throw new TerraformError(
          'Unsupported attribute',
          `  on cdk.tf.json\n    ${address}.outputs is object with ${Object.keys(state.outputs).length} attributes\n\nThis object does not have an attribute named "${output}".`,
        );
      }
    }
  }
}

interface Plan {
  readonly add: readonly string[];
  readonly change: readonly string[];
  readonly destroy: readonly string[];
  readonly outputChanges: readonly string[];
  readonly next: StandInState;
}

function outputType(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  return value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;
}

function plan(config: StackConfig, prior: StandInState | undefined, destroy: boolean): Plan {
  const before = prior ?? { resources: {}, outputs: {} };
  const resources: Record<string, string> = destroy ? {} : Object.fromEntries(config.resources);
  const outputs: Record<string, StateOutput> = {};
  if (!destroy) {
    for (const [name, output] of config.outputs) {
      outputs[name] = {
        value: output.value,
        type: outputType(output.value),
        sensitive: output.sensitive,
      };
    }
  }
  const changed = (a: unknown, b: unknown): boolean => JSON.stringify(a) !== JSON.stringify(b);
  const names = new Set([...Object.keys(before.outputs), ...Object.keys(outputs)]);
  return {
    add: Object.keys(resources).filter((address) => !(address in before.resources)),
    change: Object.keys(resources).filter(
      (address) => address in before.resources && before.resources[address] !== resources[address],
    ),
    destroy: Object.keys(before.resources).filter((address) => !(address in resources)),
    outputChanges: [...names].filter((name) => changed(before.outputs[name], outputs[name])),
    next: { resources, outputs },
  };
}

const hasChanges = (p: Plan): boolean =>
  p.add.length + p.change.length + p.destroy.length + p.outputChanges.length > 0;

function printPlan(p: Plan): void {
  if (!hasChanges(p)) {
    out('\nNo changes. Your infrastructure matches the configuration.\n\n');
    out(
      'Terraform has compared your real infrastructure against your configuration and found no\n',
    );
    out('differences, so no changes are needed.\n');
    return;
  }
  out('\nTerraform will perform the following actions:\n\n');
  for (const address of p.add) out(`  # ${address} will be created\n`);
  for (const address of p.change) out(`  # ${address} will be updated in-place\n`);
  for (const address of p.destroy) out(`  # ${address} will be destroyed\n`);
  out(
    `\nPlan: ${p.add.length} to add, ${p.change.length} to change, ${p.destroy.length} to destroy.\n`,
  );
  if (p.outputChanges.length > 0) {
    out('\nChanges to Outputs:\n');
    for (const name of p.outputChanges) out(`  ~ ${name} = (known after apply)\n`);
  }
}

async function readAnswer(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line.trim();
  }
  return '';
}

/** Asks terraform's approval question unless `-auto-approve` was given; true when approved. */
async function approved(
  inv: Invocation,
  destroying: boolean,
  autoApprove: boolean,
): Promise<boolean> {
  if (autoApprove) return true;
  out(
    destroying
      ? "\nDo you really want to destroy all resources?\n  Terraform will destroy all your managed infrastructure, as shown above.\n  There is no undo. Only 'yes' will be accepted to confirm.\n\n  Enter a value: "
      : "\nDo you want to perform these actions?\n  Terraform will perform the actions described above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
  );
  inv.answer = await readAnswer();
  out('\n');
  return inv.answer === 'yes';
}

const RUN_FLAGS = ['-auto-approve', '-no-color', '-input', '-parallelism', '-var', '-var-file'];

async function applyOrDestroy(inv: Invocation, destroying: boolean): Promise<number> {
  const given = flags(inv.args.slice(1), destroying ? RUN_FLAGS : [...RUN_FLAGS, '-refresh-only']);
  const config = requireInit(inv);
  const file = stateFile(inv.stateRoot, config.backend, inv.cwd);
  refreshRemoteStates(inv, config);
  const prior = readState(file);
  if (given.has('-refresh-only')) {
    out('\nNo changes. Your infrastructure still matches the configuration.\n');
    return 0;
  }
  const p = plan(config, prior, destroying);
  printPlan(p);
  if (hasChanges(p) && !(await approved(inv, destroying, given.has('-auto-approve')))) {
    out(destroying ? '\nDestroy cancelled.\n' : '\nApply cancelled.\n');
    return 1;
  }
  writeState(file, p.next);
  for (const address of p.add) out(`${address}: Creation complete after 0s\n`);
  for (const address of p.change) out(`${address}: Modifications complete after 0s\n`);
  for (const address of p.destroy) out(`${address}: Destruction complete after 0s\n`);
  if (destroying) {
    out(`\nDestroy complete! Resources: ${p.destroy.length} destroyed.\n`);
    return 0;
  }
  out(
    `\nApply complete! Resources: ${p.add.length} added, ${p.change.length} changed, ${p.destroy.length} destroyed.\n`,
  );
  const outputs = Object.entries(p.next.outputs);
  if (outputs.length > 0) {
    out('\nOutputs:\n\n');
    for (const [name, output] of outputs) {
      out(`${name} = ${output.sensitive ? '<sensitive>' : JSON.stringify(output.value)}\n`);
    }
  }
  return 0;
}

function planOnly(inv: Invocation): void {
  const given = flags(inv.args.slice(1), [
    ...RUN_FLAGS,
    '-out',
    '-destroy',
    '-refresh-only',
    '-generate-config-out',
  ]);
  const config = requireInit(inv);
  refreshRemoteStates(inv, config);
  const p = plan(
    config,
    readState(stateFile(inv.stateRoot, config.backend, inv.cwd)),
    given.has('-destroy'),
  );
  printPlan(p);
  const outIndex = inv.args.indexOf('-out');
  const planPath = outIndex >= 0 ? inv.args[outIndex + 1] : undefined;
  if (planPath) writeFileSync(join(inv.cwd, planPath), JSON.stringify(p));
}

function output(inv: Invocation): void {
  flags(inv.args.slice(1), ['-json', '-no-color']);
  if (!inv.args.includes('-json')) {
    throw new TerraformError(
      'Unsupported output form',
      'the terraform stand-in prints `output -json` only',
    );
  }
  const config = requireInit(inv);
  const state = readState(stateFile(inv.stateRoot, config.backend, inv.cwd));
  out(`${JSON.stringify(state?.outputs ?? {}, null, 2)}\n`);
}

async function run(inv: Invocation): Promise<number> {
  const [command, sub] = inv.args;
  switch (command) {
    case undefined:
    case '-v':
    case '-version':
    case '--version':
    case 'version':
      version(inv);
      return 0;
    case 'init':
      init(inv);
      return 0;
    case 'providers':
      if (sub === 'lock') {
        providersLock(inv);
        return 0;
      }
      break;
    case 'plan':
      planOnly(inv);
      return 0;
    case 'apply':
      return applyOrDestroy(inv, false);
    case 'destroy':
      return applyOrDestroy(inv, true);
    case 'output':
      output(inv);
      return 0;
  }
  throw new TerraformError(
    'Not modelled by the terraform stand-in',
    `\`terraform ${inv.args.join(' ')}\` is not a call the cdktf CLI 0.21 makes; model it before relying on it.`,
  );
}

async function main(): Promise<void> {
  const startedAt = performance.timeOrigin + performance.now();
  const callLog = process.env[STAND_IN_ENV.callLog];
  const stateRoot = process.env[STAND_IN_ENV.stateRoot];
  if (!callLog || !stateRoot) {
    process.stderr.write(
      `terraform stand-in: set ${STAND_IN_ENV.callLog} and ${STAND_IN_ENV.stateRoot}\n`,
    );
    process.exit(2);
  }
  const inv: Invocation = { args: process.argv.slice(2), cwd: process.cwd(), stateRoot };
  let exitCode: number;
  try {
    if (process.env[STAND_IN_ENV.absent]) {
      process.stderr.write('terraform: not installed (the stand-in plays a machine without it)\n');
      exitCode = 127;
    } else {
      exitCode = await run(inv);
    }
  } catch (error) {
    const { summary, detail } =
      error instanceof TerraformError ? error : { summary: String(error), detail: '' };
    process.stderr.write(`\nError: ${summary}\n\n${detail}\n`);
    exitCode = 1;
  }
  const call: TerraformCall = {
    args: inv.args,
    cwd: inv.cwd,
    startedAt,
    endedAt: performance.timeOrigin + performance.now(),
    exitCode,
    ...(inv.answer === undefined ? {} : { answer: inv.answer }),
  };
  appendFileSync(callLog, `${JSON.stringify(call)}\n`);
  process.exit(exitCode);
}

await main();
