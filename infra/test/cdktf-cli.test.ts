import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../scripts/toolchain.mjs';
import {
  callsBySubcommand,
  orderViolations,
  readManifest,
  runCli,
  runCliInTerminal,
  type CliRun,
  type CliWorld,
  type ManifestStack,
} from './support/cdktf-cli.js';
import { cdktfCommandsOf, codeOf, type DocCommand } from './support/doc-commands.js';
import { readStacks, type StackJson } from './support/synth.js';
import { subcommand } from './support/terraform-stand-in/calls.js';
import { installTerraformStandIn } from './support/terraform-stand-in/install.js';

// The real cdktf CLI runs the real app; only `terraform` is a stand-in (it would call Google
// Cloud): see support/terraform-stand-in/terraform.ts for what it models and records.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'salesflow-cdktf-'));
const world: CliWorld = {
  root: ROOT,
  outdir: join(scratch, 'out'),
  home: join(scratch, 'home'),
  standInBin: join(scratch, 'bin'),
  cacheDir: CACHE_DIR,
  scratch,
};
/** The deploy guide's synth; every documented `npx cdktf synth` written exactly so is this run. */
const SYNTH = 'npx cdktf synth';
const ENVIRONMENTS = ['dev', 'prod'];
const PARTS = ['foundation', 'ingestion', 'monitoring', 'orchestration', 'warehouse'];

const read = (doc: string): string => readFileSync(join(ROOT, doc), 'utf8');
const commandsOf = (docs: readonly string[]): DocCommand[] =>
  docs.flatMap((doc) => cdktfCommandsOf(doc, read(doc)));
/** Read from an empty project in order: the README, then the deploy guide (ending in teardown). */
const GUIDE = ['README.md', 'docs/deploy.md'];
/** Operations on the environment the guide deployed. */
const RUNBOOK = ['docs/runbook.md'];
const guideCommands = commandsOf(GUIDE);
const runbookCommands = commandsOf(RUNBOOK);
const label = (c: DocCommand): string => `${c.doc}:${c.line} ${c.command}`;
const verbOf = (c: DocCommand): string | undefined => c.words[2];

let synthRun: CliRun;
let stacks: Map<string, StackJson>;
let manifest: Map<string, ManifestStack>;

beforeAll(async () => {
  mkdirSync(world.home, { recursive: true });
  await installTerraformStandIn(world.standInBin);
  synthRun = runCli(world, SYNTH, {
    stateRoot: join(scratch, 'state-synth'),
    synth: true,
    // Synthesis must not need terraform: every terraform call fails during it.
    terraformAbsent: true,
    timeoutMs: 280_000,
  });
  if (synthRun.status === 0) {
    stacks = readStacks(world.outdir);
    manifest = readManifest(world.outdir);
  }
}, 300_000);
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const tail = (run: CliRun): string => run.output.trim().split('\n').slice(-40).join('\n');

/**
 * Runs documented commands in order against one stand-in state. A command with shell problems is
 * not run (its test reports them); `npx cdktf synth` as written is the synth run above.
 */
function runInOrder(
  commands: readonly DocCommand[],
  stateRoot: string,
  beforeTeardown?: () => void,
): Map<DocCommand, CliRun> {
  const runs = new Map<DocCommand, CliRun>();
  let tornDown = false;
  for (const command of commands) {
    if (command.problems.length > 0 || synthRun.status !== 0) continue;
    if (command.command === SYNTH) {
      runs.set(command, synthRun);
      continue;
    }
    if (verbOf(command) === 'destroy' && !tornDown) {
      tornDown = true;
      beforeTeardown?.();
    }
    runs.set(command, runCli(world, command.command, { stateRoot, synth: false }));
  }
  if (!tornDown) beforeTeardown?.();
  return runs;
}

/** Asserts the CLI accepted a documented command and ran its stacks in dependency order. */
function expectAcceptedInOrder(command: DocCommand, run: CliRun | undefined): void {
  expect(command.problems, label(command)).toEqual([]);
  expect(synthRun.status, 'the synth before it failed').toBe(0);
  if (!run) throw new Error(`${label(command)} was not run`);
  expect(run.status, `${label(command)}\n${tail(run)}`).toBe(0);
  expect(run.output).not.toMatch(/not included in the stacks to run/);
  expect(orderViolations(run, world.outdir, manifest), label(command)).toEqual([]);
  const verb = verbOf(command);
  if (verb === 'deploy' || verb === 'destroy') {
    const ran = callsBySubcommand(run, world.outdir, verb === 'deploy' ? 'apply' : 'destroy');
    expect(ran.size, `${label(command)} ran no stack`).toBeGreaterThan(0);
  }
}

/** The last successful apply or destroy of each stack over a series of runs. */
function lastAction(runs: Iterable<CliRun>): Map<string, string> {
  const last = new Map<string, string>();
  for (const run of runs) {
    for (const verb of ['apply', 'destroy']) {
      for (const [stack, call] of callsBySubcommand(run, world.outdir, verb)) {
        if (call.exitCode === 0) last.set(stack, verb);
      }
    }
  }
  return last;
}

describe('npx cdktf synth from the repository root', () => {
  it('succeeds offline without credentials or terraform', () => {
    expect(synthRun.status, tail(synthRun)).toBe(0);
  });

  it('asks terraform for nothing but its version', () => {
    expect(new Set(synthRun.calls.map(subcommand))).toEqual(new Set(['version']));
  });

  it('writes five stacks for each environment', () => {
    expect([...stacks.keys()]).toEqual(
      ENVIRONMENTS.flatMap((env) => PARTS.map((p) => `${env}-${p}`)),
    );
  });

  // docs/deploy.md ("Deploy") describes this graph: change both together.
  it('orders each environment foundation → warehouse → ingestion and orchestration, monitoring apart', () => {
    for (const env of ENVIRONMENTS) {
      const graph = Object.fromEntries(
        PARTS.map((part) => [
          part,
          [...(manifest.get(`${env}-${part}`)?.dependencies ?? [])].sort(),
        ]),
      );
      expect(graph).toEqual({
        foundation: [],
        warehouse: [`${env}-foundation`],
        ingestion: [`${env}-foundation`, `${env}-warehouse`],
        orchestration: [`${env}-foundation`, `${env}-warehouse`],
        monitoring: [],
      });
    }
  });

  it('uploads the function zip built from the real sources under its content hash, with the file in the output', () => {
    const objects = Object.values(
      stacks.get('dev-ingestion')?.resource?.['google_storage_bucket_object'] ?? {},
    );
    const zip = objects.find((o) => String(o['name']).startsWith('functions/'));
    expect(zip?.['name']).toMatch(/^functions\/salesflow-functions-[0-9a-f]{16}\.zip$/);
    const source = join(world.outdir, 'stacks', 'dev-ingestion', String(zip?.['source']));
    expect(existsSync(source)).toBe(true);
    expect(readFileSync(source).subarray(0, 2).toString()).toBe('PK');
  });

  it('uploads the DAGs, the dbt project and its manifest to the prod Composer bucket', () => {
    const names = Object.values(
      stacks.get('prod-orchestration')?.resource?.['google_storage_bucket_object'] ?? {},
    ).map((o) => String(o['name']));
    expect(names).toContain('dags/sales_dbt_hourly.py');
    expect(names).toContain('data/dbt/dbt_project.yml');
    expect(names).toContain('data/dbt/target/manifest.json');
    expect(
      names.some(
        (name) => name.startsWith('data/dbt/target/') && name !== 'data/dbt/target/manifest.json',
      ),
    ).toBe(false);
  });
});

describe('cdktf in README.md, docs/deploy.md and docs/runbook.md', () => {
  const docs = [...GUIDE, ...RUNBOOK];

  it('documents a deploy and a teardown', () => {
    expect(guideCommands.map(verbOf)).toEqual(expect.arrayContaining(['deploy', 'destroy']));
  });

  it('names only stacks that exist, in commands and in every other piece of code', () => {
    const name = new RegExp(`(?<![\\w.-])(?:${ENVIRONMENTS.join('|')})-[\\w*?-]+`, 'g');
    const unknown = docs.flatMap((doc) =>
      codeOf(doc, read(doc)).flatMap((code) =>
        [...code.text.matchAll(name)]
          .map(([pattern]) => pattern)
          .filter((pattern) => {
            const glob = new RegExp(`^${pattern.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
            return ![...manifest.keys()].some((stack) => glob.test(stack));
          })
          .map((pattern) => `${doc}:${code.line} ${pattern}`),
      ),
    );
    expect(unknown).toEqual([]);
  });
});

describe('the README and deploy guide, run in order on a new project', () => {
  let runs: Map<DocCommand, CliRun>;
  beforeAll(() => {
    const state = join(scratch, 'state-guide');
    mkdirSync(state, { recursive: true });
    runs = runInOrder(guideCommands, state, () =>
      cpSync(state, join(scratch, 'state-deployed'), { recursive: true }),
    );
  }, 600_000);

  it.each(guideCommands.map((c) => [label(c), c] as const))(
    'the CLI accepts %s and runs its stacks in dependency order',
    (_, command) => expectAcceptedInOrder(command, runs.get(command)),
  );

  it('deploys every stack of the environment it names, then destroys every one', () => {
    const environments = new Set(
      guideCommands.flatMap((c) => c.words.slice(3).flatMap((w) => /^(\w+)-/.exec(w)?.[1] ?? [])),
    );
    const everyStack = [...manifest.keys()].filter((s) => environments.has(s.split('-')[0] ?? ''));
    const commands = [...runs.keys()];
    const teardown = commands.findIndex((c) => verbOf(c) === 'destroy');
    const deployed = commands.slice(0, teardown < 0 ? commands.length : teardown);
    const beforeTeardown = lastAction(deployed.flatMap((c) => runs.get(c) ?? []));
    expect(Object.fromEntries(beforeTeardown)).toEqual(
      Object.fromEntries(everyStack.map((s) => [s, 'apply'])),
    );
    expect(Object.fromEntries(lastAction(runs.values()))).toEqual(
      Object.fromEntries(everyStack.map((s) => [s, 'destroy'])),
    );
  });
});

describe('the runbook, run in order on the environment the guide deployed', () => {
  let runs: Map<DocCommand, CliRun>;
  beforeAll(() => {
    runs = runInOrder(runbookCommands, join(scratch, 'state-deployed'));
  }, 600_000);

  it.each(runbookCommands.map((c) => [label(c), c] as const))(
    'the CLI accepts %s and runs its stacks in dependency order',
    (_, command) => expectAcceptedInOrder(command, runs.get(command)),
  );
});

describe('the first deploy of the guide, typed at a terminal', () => {
  const first = guideCommands.find((c) => verbOf(c) === 'deploy' && c.problems.length === 0);

  it("shows each stack's plan for approval and applies the approved stacks in dependency order", async () => {
    if (!first) throw new Error('the guide documents no deploy');
    expect(synthRun.status, 'the synth before it failed').toBe(0);
    const run = await runCliInTerminal(world, first.command, {
      stateRoot: join(scratch, 'state-terminal'),
    });
    expect(run.status, tail(run)).toBe(0);
    const applies = callsBySubcommand(run, world.outdir, 'apply');
    expect([...applies.keys()].sort()).toEqual([...run.approved].sort());
    expect([...applies.values()].map((call) => call.answer)).toEqual(run.approved.map(() => 'yes'));
    expect(orderViolations(run, world.outdir, manifest)).toEqual([]);
  }, 180_000);
});
