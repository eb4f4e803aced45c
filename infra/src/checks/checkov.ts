import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const SkipFileSchema = z.object({
  skips: z.array(
    z.strictObject({
      check: z.string().regex(/^CKV2?_[A-Z]+_\d+$/),
      /** Environment names, or `*` for all. */
      environments: z.array(z.string().min(1)).min(1),
      reason: z.string().min(20, 'every skip needs a real reason'),
    }),
  ),
});

/** One skipped checkov check with its reason. */
export type CheckovSkip = z.infer<typeof SkipFileSchema>['skips'][number];

/** Reads and validates the skip file. */
export function readCheckovSkips(path: string): CheckovSkip[] {
  const parsed = SkipFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data.skips;
}

/** The check ids skipped for one environment. */
export function skippedChecks(skips: readonly CheckovSkip[], environment: string): string[] {
  return skips
    .filter((s) => s.environments.includes('*') || s.environments.includes(environment))
    .map((s) => s.check);
}

/** One check on one resource, as checkov reports it. */
export interface CheckovCheck {
  readonly checkId: string;
  readonly name: string;
  /** Path relative to the scanned directory, e.g. `/dev-foundation/cdk.tf.json`. */
  readonly file: string;
  readonly resource: string;
  readonly outcome: 'passed' | 'failed';
}

/** The outcome of one checkov run. */
export interface CheckovResult {
  readonly parsingErrors: number;
  readonly checks: readonly CheckovCheck[];
}

interface RawCheck {
  check_id: string;
  check_name: string;
  file_path: string;
  resource: string;
}
interface RawReport {
  check_type: string;
  summary: { parsing_errors: number };
  results: { passed_checks?: RawCheck[]; failed_checks?: RawCheck[] };
}

/**
 * Runs checkov's Terraform JSON framework over a directory of synthesized stacks, offline (no
 * policy download, no API key). Skips are applied by the caller from the skip file, per environment.
 */
export function runCheckov(checkovBin: string, directory: string): CheckovResult {
  const args = ['-d', directory, '--framework', 'terraform_json', '--skip-download', '-o', 'json'];
  const run = spawnSync(checkovBin, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'WARNING' },
  });
  if (run.error) throw new Error(`checkov could not start: ${run.error.message}`);
  // checkov exits 1 when a check fails; anything else non-zero is a crash.
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`checkov exited with ${run.status}: ${run.stderr.slice(-2000)}`);
  }
  const parsed = JSON.parse(run.stdout) as RawReport | RawReport[];
  const reports = (Array.isArray(parsed) ? parsed : [parsed]).filter(
    (r) => r.check_type === 'terraform_json',
  );
  if (reports.length === 0)
    throw new Error(`checkov produced no terraform_json report: ${run.stdout.slice(0, 500)}`);
  const toCheck =
    (outcome: CheckovCheck['outcome']) =>
    (raw: RawCheck): CheckovCheck => ({
      checkId: raw.check_id,
      name: raw.check_name,
      file: raw.file_path,
      resource: raw.resource,
      outcome,
    });
  return {
    parsingErrors: reports.reduce((sum, r) => sum + r.summary.parsing_errors, 0),
    checks: reports.flatMap((r) => [
      ...(r.results.passed_checks ?? []).map(toCheck('passed')),
      ...(r.results.failed_checks ?? []).map(toCheck('failed')),
    ]),
  };
}

/** The stack-directory name a check was found in (`dev-foundation`). */
export function stackOf(check: CheckovCheck): string {
  return check.file.split('/').filter((part) => part !== '')[0] ?? '';
}
