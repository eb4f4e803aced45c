/**
 * Property: whatever arrives in whatever round, after every scheduled round each Silver and Gold
 * table equals what a full refresh of the same Bronze builds. Seeded arrival scenarios
 * (support/arrival-scenario.ts) run through the real dbt rounds on DuckDB; a failing case prints its
 * seed and the smallest failing scenario a bounded shrink finds.
 *
 * `npm test` runs a few seeds; `SALESFLOW_EQUIVALENCE_CASES=200` runs more (from
 * `SALESFLOW_EQUIVALENCE_FIRST_SEED`, default 1), `SALESFLOW_EQUIVALENCE_SEEDS=7,19` exactly those.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalScenario } from './support/arrival-scenario.js';
import { failureReport, RoundEquivalence } from './support/round-equivalence.js';

const DEFAULT_CASES = 5;
const SHRINK_BUDGET_MS = 240_000;

function seeds(): number[] {
  const listed = process.env['SALESFLOW_EQUIVALENCE_SEEDS'];
  if (listed) return listed.split(',').map((seed) => Number(seed.trim()));
  const cases = Number(process.env['SALESFLOW_EQUIVALENCE_CASES'] ?? DEFAULT_CASES);
  const first = Number(process.env['SALESFLOW_EQUIVALENCE_FIRST_SEED'] ?? 1);
  return Array.from({ length: cases }, (_, index) => first + index);
}

describe('incremental rounds equal a full refresh, for any arrival order', () => {
  let dir: string;
  let property: RoundEquivalence;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'salesflow-equivalence-'));
    property = new RoundEquivalence(dir);
  });

  afterAll(async () => {
    await property?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const seed of seeds()) {
    it(`holds for seed ${seed}`, async () => {
      const scenario = arrivalScenario(seed);
      const violation = await property.check(scenario);
      if (violation) {
        const smallest = await property.shrink(scenario, violation, Date.now() + SHRINK_BUDGET_MS);
        expect.fail(failureReport(seed, smallest.violation, smallest.scenario, smallest.attempts));
      }
    }, 900_000);
  }
});
