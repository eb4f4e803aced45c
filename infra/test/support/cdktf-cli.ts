import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { SITE_CONFIG_MODULE } from './site-config.js';
import {
  STAND_IN_ENV,
  readCalls,
  subcommand,
  type TerraformCall,
} from './terraform-stand-in/calls.js';

/** Where the CLI runs: the repository, a scratch output directory and home, the stand-in's bin. */
export interface CliWorld {
  readonly root: string;
  /** Synthesized output (what `cdktf.out` is for a user); the checkout's own stays untouched. */
  readonly outdir: string;
  /** An empty home: no gcloud credentials, no cdktf or npm user configuration. */
  readonly home: string;
  /** Directory holding the terraform stand-in, put first on PATH. */
  readonly standInBin: string;
  readonly cacheDir: string;
  /** Scratch directory for call logs. */
  readonly scratch: string;
}

/** One run of a command line and what terraform was asked to do meanwhile. */
export interface CliRun {
  readonly command: string;
  readonly status: number | null;
  /** stdout and stderr, colour codes removed. */
  readonly output: string;
  readonly calls: readonly TerraformCall[];
  readonly seconds: number;
}

/** A synthesized stack as `manifest.json` lists it. */
export interface ManifestStack {
  readonly dependencies: readonly string[];
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Runs a documented command line exactly as written, through bash in the repository root, with
 * the terraform stand-in first on PATH. Besides the filled-in settings (`SALESFLOW_CONFIG`, see
 * site-config.ts), the only additions are cdktf's own option variables (`CDKTF_<OPTION>`, which
 * cdktf reads like the flag):
 * - `CDKTF_OUTPUT`: synthesize to, and deploy from, the scratch output instead of `cdktf.out`;
 * - `CDKTF_SKIP_SYNTH` (not for `synth` itself): reuse that output, synthesized once;
 * - `CDKTF_AUTO_APPROVE` (unless `interactive`): approve each stack's plan, as `--auto-approve` does.
 */
export function cliEnvironment(
  world: CliWorld,
  options: {
    stateRoot: string;
    callLog: string;
    synth: boolean;
    interactive?: boolean;
    terraformAbsent?: boolean;
  },
): Record<string, string> {
  return {
    PATH: `${world.standInBin}:${process.env['PATH'] ?? ''}`,
    HOME: world.home,
    SALESFLOW_CACHE_DIR: world.cacheDir,
    SALESFLOW_CONFIG: SITE_CONFIG_MODULE,
    CHECKPOINT_DISABLE: '1',
    CDKTF_OUTPUT: world.outdir,
    ...(options.synth ? {} : { CDKTF_SKIP_SYNTH: 'true' }),
    ...(options.interactive
      ? { TERM: 'xterm-256color' }
      : { CI: 'true', CDKTF_AUTO_APPROVE: 'true' }),
    [STAND_IN_ENV.callLog]: options.callLog,
    [STAND_IN_ENV.stateRoot]: options.stateRoot,
    ...(options.terraformAbsent ? { [STAND_IN_ENV.absent]: '1' } : {}),
  };
}

/** Runs `command` non-interactively; see {@link cliEnvironment} for what is added. */
export function runCli(
  world: CliWorld,
  command: string,
  options: { stateRoot: string; synth: boolean; terraformAbsent?: boolean; timeoutMs?: number },
): CliRun {
  const callLog = join(mkdtempSync(join(world.scratch, 'calls-')), 'terraform-calls.jsonl');
  const started = performance.now();
  const run = spawnSync('bash', ['-c', command], {
    cwd: world.root,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: cliEnvironment(world, { ...options, callLog }),
  });
  return {
    command,
    status: run.status,
    output: `${run.stdout}\n${run.stderr}`.replace(ANSI, ''),
    calls: readCalls(callLog),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The stacks of a synthesized output by name, with the stacks each depends on. */
export function readManifest(outdir: string): Map<string, ManifestStack> {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, ManifestStack>;
  };
  return new Map(Object.entries(manifest.stacks));
}

/** The stack a call ran for, when it ran in a stack directory of `outdir`. */
export function stackOf(call: TerraformCall, outdir: string): string | undefined {
  return dirname(call.cwd) === join(outdir, 'stacks') ? basename(call.cwd) : undefined;
}

/** The calls of one terraform subcommand, by stack. */
export function callsBySubcommand(
  run: CliRun,
  outdir: string,
  name: string,
): Map<string, TerraformCall> {
  const byStack = new Map<string, TerraformCall>();
  for (const call of run.calls) {
    const stack = stackOf(call, outdir);
    if (stack !== undefined && subcommand(call) === name) byStack.set(stack, call);
  }
  return byStack;
}

/**
 * Where a run broke dependency order: a deploy must finish a stack's dependencies before it
 * starts the stack; a destroy must finish a stack's dependants first.
 */
export function orderViolations(
  run: CliRun,
  outdir: string,
  manifest: ReadonlyMap<string, ManifestStack>,
): string[] {
  const violations: string[] = [];
  for (const [verb, reverse] of [
    ['apply', false],
    ['destroy', true],
  ] as const) {
    const calls = callsBySubcommand(run, outdir, verb);
    for (const stack of calls.keys()) {
      for (const dependency of manifest.get(stack)?.dependencies ?? []) {
        const [first, then] = reverse ? [stack, dependency] : [dependency, stack];
        const before = calls.get(first);
        const after = calls.get(then);
        if (before && after && before.endedAt > after.startedAt) {
          violations.push(`${verb} of ${then} started before ${verb} of ${first} ended`);
        }
      }
    }
  }
  return violations;
}

/** The part of node-pty's terminal this module drives. */
interface Terminal {
  onData(listener: (data: string) => void): void;
  onExit(listener: (event: { exitCode: number }) => void): void;
  write(data: string): void;
  kill(): void;
}

/** The pseudo-terminal library the cdktf CLI itself runs terraform in, loaded from the CLI's tree. */
function spawnTerminal(
  command: string,
  options: { cwd: string; env: Record<string, string> },
): Terminal {
  const requireFromCli = createRequire(
    createRequire(import.meta.url).resolve('cdktf-cli/package.json'),
  );
  const pty = requireFromCli('@cdktf/node-pty-prebuilt-multiarch') as {
    spawn(file: string, args: string[], options: object): Terminal;
  };
  return pty.spawn('bash', ['-c', command], { ...options, cols: 120, rows: 40 });
}

/**
 * Runs `command` as typed at a terminal: no auto-approval; whenever the CLI asks to review a
 * stack's plan, Enter picks its first choice, "Approve". Resolves with the stacks approved.
 */
export function runCliInTerminal(
  world: CliWorld,
  command: string,
  options: { stateRoot: string; timeoutMs?: number },
): Promise<CliRun & { approved: string[] }> {
  const callLog = join(mkdtempSync(join(world.scratch, 'calls-')), 'terraform-calls.jsonl');
  const env = cliEnvironment(world, { ...options, callLog, synth: false, interactive: true });
  const started = performance.now();
  const terminal = spawnTerminal(command, { cwd: world.root, env });
  const approved: string[] = [];
  let screen = '';
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => terminal.kill(), options.timeoutMs ?? 120_000);
    terminal.onData((data) => {
      screen += data;
      const plain = screen.replace(ANSI, '');
      for (const [, stack] of plain.matchAll(
        /Please review the diff output above for\s*([\w-]+)/g,
      )) {
        if (stack === undefined || approved.includes(stack)) continue;
        approved.push(stack);
        // Give the prompt a moment to start listening before pressing Enter.
        setTimeout(() => terminal.write('\r'), 100);
      }
    });
    terminal.onExit(({ exitCode }) => {
      clearTimeout(timer);
      resolvePromise({
        command,
        status: exitCode,
        output: screen.replace(ANSI, ''),
        calls: readCalls(callLog),
        seconds: (performance.now() - started) / 1000,
        approved,
      });
    });
  });
}
