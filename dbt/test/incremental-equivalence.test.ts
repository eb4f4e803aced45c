/**
 * Property: whatever arrives in whatever round, after every round each Silver and Gold table equals
 * what a full refresh of the same Bronze builds. Seeded arrival scenarios
 * (support/arrival-scenario.ts) run through the real dbt rounds on DuckDB; a failing case prints its
 * seed and the smallest failing scenario a bounded shrink finds. Rounds with the nightly build's
 * window (`lookback_days`) take commits landing up to two days behind the round before; scheduled
 * rounds (`scheduled_round`, a window of `round_lookback_hours`) commits landing up to an hour
 * behind it (round-lookback.test.ts shows what waits for the nightly build).
 *
 * `npm test` runs a few seeds; `SALESFLOW_EQUIVALENCE_CASES=200` runs more (from
 * `SALESFLOW_EQUIVALENCE_FIRST_SEED`, default 1), `SALESFLOW_EQUIVALENCE_SEEDS=7,19` exactly those.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUND_VARS } from '@salesflow/local';
import { arrivalScenario } from './support/arrival-scenario.js';
import { failureReport, RoundEquivalence } from './support/round-equivalence.js';

const DEFAULT_CASES = 5;
/** Scheduled-round cases: the late-commit draws are the nightly cases' own, closer to the round. */
const DEFAULT_SCHEDULED_CASES = 3;
const HOUR_MS = 3_600_000;
const SHRINK_BUDGET_MS = 240_000;

function seeds(defaultCases: number): number[] {
  const listed = process.env['SALESFLOW_EQUIVALENCE_SEEDS'];
  if (listed) return listed.split(',').map((seed) => Number(seed.trim()));
  const cases = Number(process.env['SALESFLOW_EQUIVALENCE_CASES'] ?? defaultCases);
  const first = Number(process.env['SALESFLOW_EQUIVALENCE_FIRST_SEED'] ?? 1);
  return Array.from({ length: cases }, (_, index) => first + index);
}

const MODES = [
  {
    name: 'rounds with the nightly window equal a full refresh, for any arrival order',
    cases: DEFAULT_CASES,
    vars: { reporting_currency: 'USD' },
    maxLateCommitMs: undefined,
  },
  {
    name: 'scheduled rounds equal a full refresh, for any arrival order within their window',
    cases: DEFAULT_SCHEDULED_CASES,
    vars: { reporting_currency: 'USD', ...ROUND_VARS },
    maxLateCommitMs: HOUR_MS,
  },
] as const;

for (const mode of MODES) {
  describe(mode.name, () => {
    let dir: string;
    let property: RoundEquivalence;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'salesflow-equivalence-'));
      property = new RoundEquivalence(dir, mode.vars);
    });

    afterAll(async () => {
      await property?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    for (const seed of seeds(mode.cases)) {
      it(`holds for seed ${seed}`, async () => {
        const scenario = arrivalScenario(seed, mode.maxLateCommitMs === undefined ? {} : { maxLateCommitMs: mode.maxLateCommitMs });
        const violation = await property.check(scenario);
        if (violation) {
          const smallest = await property.shrink(scenario, violation, Date.now() + SHRINK_BUDGET_MS);
          expect.fail(failureReport(seed, smallest.violation, smallest.scenario, smallest.attempts));
        }
      }, 900_000);
    }
  });
}
