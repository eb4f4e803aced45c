/**
 * The incremental-equivalence property, checked for real: a scenario's copies land round by round in
 * a DuckDB warehouse, each followed by the scheduled dbt round (`build --selector hourly`, tests
 * included); after every round a copy of the warehouse is rebuilt with `dbt run --full-refresh` and
 * every Silver and Gold table and view must hold the same rows in both. Snapshots keep the history
 * the rounds captured (the copy keeps it too); their current versions must equal Silver's state.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DbtWorker, ROUND_ARGS, runDbt } from '@salesflow/local';
import { loadBronze } from './bronze-loader.js';
import {
  describeScenario,
  eventIds,
  landingRounds,
  withoutEvents,
  withRoundsMerged,
  type Scenario,
} from './arrival-scenario.js';

/** dbt's own bookkeeping of one invocation, not data. */
const BOOKKEEPING = new Set(['incremental_windows', 'incremental_periods']);
const VARS = { reporting_currency: 'USD' };

/** Why a scenario fails the property. */
export interface Violation {
  readonly round: number;
  readonly problem: string;
}

/** Rows of each relation of `relations` that one warehouse holds more often than the other. */
interface RelationDifference {
  readonly relation: string;
  readonly onlyIncremental: readonly string[];
  readonly onlyFullRefresh: readonly string[];
}

/**
 * Runs scenarios through rounds and full refreshes in two long-lived dbt workers (one per
 * warehouse file, so each keeps its parsed project). Each warehouse file keeps its path from case to
 * case for the same reason.
 */
export class RoundEquivalence {
  readonly #incremental: string;
  readonly #rebuilt: string;
  readonly #rounds = new DbtWorker();
  readonly #refresh = new DbtWorker();

  /** `vars`: the rounds' dbt vars (a full refresh takes the reporting currency alone). */
  constructor(
    readonly dir: string,
    readonly vars: Readonly<Record<string, unknown>> = VARS,
  ) {
    this.#incremental = join(dir, 'incremental', 'warehouse.duckdb');
    this.#rebuilt = join(dir, 'full-refresh', 'warehouse.duckdb');
  }

  async close(): Promise<void> {
    await Promise.all([this.#rounds.close(), this.#refresh.close()]);
  }

  /** The first violation of the property in `scenario`, or undefined when every round holds. */
  async check(scenario: Scenario): Promise<Violation | undefined> {
    for (const path of [this.#incremental, this.#rebuilt]) {
      await mkdir(join(path, '..'), { recursive: true });
      await rm(path, { force: true });
      await rm(`${path}.wal`, { force: true });
    }
    await loadBronze(this.#incremental, { fxRates: [...scenario.fxRates] });
    for (const [index, landed] of landingRounds(scenario).entries()) {
      const round = index + 1;
      await loadBronze(this.#incremental, { landed });
      const built = await runDbt(ROUND_ARGS, { warehouse: this.#incremental, vars: this.vars, worker: this.#rounds });
      if (!built.ok) return { round, problem: `the scheduled round failed: ${failingLines(built.tail)}` };
      await copyFile(this.#incremental, this.#rebuilt);
      const refreshed = await runDbt(['run', '--full-refresh'], { warehouse: this.#rebuilt, vars: VARS, worker: this.#refresh });
      if (!refreshed.ok) return { round, problem: `the full refresh failed: ${failingLines(refreshed.tail)}` };
      const differences = await compareWarehouses(this.#incremental, this.#rebuilt);
      if (differences.length > 0) return { round, problem: describeDifferences(differences) };
      const stale = await staleSnapshots(this.#incremental);
      if (stale.length > 0) return { round, problem: `snapshot current versions differ from Silver: ${stale.join('; ')}` };
    }
    return undefined;
  }

  /**
   * The smallest scenario still failing that a bounded search finds: rounds merged, then events
   * dropped in ever smaller chunks (delta debugging), until `deadline` (epoch ms).
   */
  async shrink(failing: Scenario, violation: Violation, deadline: number): Promise<{ scenario: Scenario; violation: Violation; attempts: number }> {
    let best = { scenario: failing, violation };
    let attempts = 0;
    const attempt = async (candidate: Scenario): Promise<boolean> => {
      if (Date.now() > deadline) return false;
      attempts += 1;
      const found = await this.check(candidate);
      if (found) best = { scenario: candidate, violation: found };
      return found !== undefined;
    };
    for (let round = best.scenario.rounds - 1; round >= 1; round -= 1) {
      if (best.scenario.rounds > 1) await attempt(withRoundsMerged(best.scenario, round));
    }
    let chunk = Math.ceil(eventIds(best.scenario).length / 2);
    while (chunk >= 1 && Date.now() < deadline) {
      const ids = eventIds(best.scenario);
      let removed = false;
      for (let from = 0; from < ids.length && Date.now() < deadline; from += chunk) {
        if (await attempt(withoutEvents(best.scenario, new Set(ids.slice(from, from + chunk))))) {
          removed = true;
          break;
        }
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
    return { ...best, attempts };
  }
}

function failingLines(tail: readonly string[]): string {
  const interesting = tail.filter((line) => /error|fail|fatal/i.test(line));
  return (interesting.length > 0 ? interesting : tail.slice(-8)).slice(0, 12).join(' | ');
}

interface Opened {
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

async function open(path: string): Promise<Opened> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson(),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Every Silver and Gold relation (tables and views) of a warehouse, bookkeeping aside. */
async function relations(warehouse: Opened): Promise<string[]> {
  const rows = await warehouse.rows(`
    select schema_name || '.' || table_name as name, table_name from duckdb_tables() where schema_name in ('silver', 'gold')
    union all
    select schema_name || '.' || view_name, view_name from duckdb_views() where schema_name in ('silver', 'gold')
    order by 1`);
  return rows.filter((row) => !BOOKKEEPING.has(String(row['table_name']))).map((row) => String(row['name']));
}

/** Each row of a relation as text, with its multiplicity. */
async function rowCounts(warehouse: Opened, relation: string): Promise<Map<string, number>> {
  const rows = await warehouse.rows(`select cast(t as varchar) as row_text, count(*) as n from ${relation} as t group by all`);
  return new Map(rows.map((row) => [String(row['row_text']), Number(row['n'])]));
}

/** The relations whose rows differ between the two warehouses (and those only one holds). */
export async function compareWarehouses(incrementalPath: string, rebuiltPath: string): Promise<RelationDifference[]> {
  const incremental = await open(incrementalPath);
  const rebuilt = await open(rebuiltPath);
  try {
    const names = [...new Set([...(await relations(incremental)), ...(await relations(rebuilt))])];
    const differences: RelationDifference[] = [];
    const incrementalNames = new Set(await relations(incremental));
    const rebuiltNames = new Set(await relations(rebuilt));
    for (const name of names) {
      if (!incrementalNames.has(name) || !rebuiltNames.has(name)) {
        differences.push({ relation: name, onlyIncremental: incrementalNames.has(name) ? ['(relation)'] : [], onlyFullRefresh: rebuiltNames.has(name) ? ['(relation)'] : [] });
        continue;
      }
      const left = await rowCounts(incremental, name);
      const right = await rowCounts(rebuilt, name);
      const surplus = (a: Map<string, number>, b: Map<string, number>): string[] =>
        [...a].filter(([row, n]) => n > (b.get(row) ?? 0)).map(([row]) => row);
      const onlyIncremental = surplus(left, right);
      const onlyFullRefresh = surplus(right, left);
      if (onlyIncremental.length + onlyFullRefresh.length > 0) differences.push({ relation: name, onlyIncremental, onlyFullRefresh });
    }
    return differences;
  } finally {
    incremental.close();
    rebuilt.close();
  }
}

function describeDifferences(differences: readonly RelationDifference[]): string {
  return differences
    .map(
      (difference) =>
        `${difference.relation} differs from a full refresh:` +
        difference.onlyIncremental.slice(0, 3).map((row) => `\n    incremental only: ${row}`).join('') +
        difference.onlyFullRefresh.slice(0, 3).map((row) => `\n    full refresh only: ${row}`).join(''),
    )
    .join('\n  ');
}

/** Keys whose current snapshot version does not hold the state Silver holds (the event that
 * carried it may be newer in Silver: the snapshot captures a state when it changes). */
async function staleSnapshots(path: string): Promise<string[]> {
  const warehouse = await open(path);
  try {
    const checks = [
      {
        snapshot: 'snapshots.snap_customers',
        silver: 'silver.int_customers',
        key: 'customer_id',
        state: 'customer_id, email_hash, display_name, country, city, segment, loyalty_tier, updated_at',
      },
      {
        snapshot: 'snapshots.snap_products',
        silver: 'silver.int_products',
        key: 'product_id',
        state: 'product_id, sku, product_name, category, brand, updated_at',
      },
    ];
    const stale: string[] = [];
    for (const { snapshot, silver, key, state } of checks) {
      const current = `select ${state} from ${snapshot} where dbt_valid_to is null`;
      const latest = `select ${state} from ${silver}`;
      const rows = await warehouse.rows(`
        select ${key} from ((${current} except all ${latest}) union all (${latest} except all ${current})) order by 1`);
      stale.push(...rows.map((row) => `${snapshot} ${String(row[key])}`));
    }
    return stale;
  } finally {
    warehouse.close();
  }
}

/** The text printed for a failing case: the seed, what failed, and the smallest scenario found. */
export function failureReport(seed: number, violation: Violation, smallest: Scenario, attempts: number): string {
  return [
    `incremental rounds differ from a full refresh for seed ${seed} (reproduce: SALESFLOW_EQUIVALENCE_SEEDS=${seed})`,
    `smallest failing scenario found after ${attempts} shrinking runs — round ${violation.round}: ${violation.problem}`,
    describeScenario(smallest),
  ].join('\n');
}
