import { existsSync, readFileSync } from 'node:fs';

/**
 * Environment variables the terraform stand-in reads. Both are required: the stand-in refuses to
 * run rather than record or keep state somewhere nobody looks.
 */
export const STAND_IN_ENV = {
  /** File the stand-in appends one JSON line per invocation to. */
  callLog: 'SALESFLOW_TF_STAND_IN_LOG',
  /** Directory that holds every backend's state (local paths and GCS buckets alike). */
  stateRoot: 'SALESFLOW_TF_STAND_IN_STATE',
  /** When set, every call fails as on a machine without terraform (after being recorded). */
  absent: 'SALESFLOW_TF_STAND_IN_ABSENT',
} as const;

/** One recorded invocation of the terraform stand-in. */
export interface TerraformCall {
  /** Arguments as the caller passed them, e.g. `["apply", "-auto-approve"]`. */
  readonly args: readonly string[];
  /** Working directory of the invocation (a stack directory for per-stack commands). */
  readonly cwd: string;
  /** Wall-clock milliseconds (sub-millisecond precision) when the process started and ended. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly exitCode: number;
  /** What was typed at terraform's approval prompt, when it asked. */
  readonly answer?: string;
}

/** Reads a call log; a missing log means no call was made. */
export function readCalls(logPath: string): TerraformCall[] {
  if (!existsSync(logPath)) return [];
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TerraformCall);
}

/** The terraform subcommand of a call: `init`, `apply`, `providers lock`, `version`, ... */
export function subcommand(call: TerraformCall): string {
  const [first, second] = call.args;
  if (first === undefined || first === '-v' || first === '-version' || first === '--version') {
    return 'version';
  }
  return first === 'providers' && second !== undefined ? `${first} ${second}` : first;
}
