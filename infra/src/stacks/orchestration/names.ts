/** Names the monitoring stack and the runbook rely on. */
export const ORCHESTRATION_NAMES = { composer: 'salesflow', dbtJob: 'dbt-runner' } as const;

/** Where Composer mounts its bucket's `data/` folder on every worker. */
export const COMPOSER_DBT_DIR = '/home/airflow/gcs/data/dbt';

const DBT_FLAGS = '--profiles-dir . --target bigquery';
/**
 * A scheduled round re-reads `round_lookback_hours` of ingestion, the nightly build `lookback_days`
 * (dbt/dbt_project.yml); its value is one shell word, as the job runs the commands through `sh -c`.
 */
const ROUND_FLAGS = `${DBT_FLAGS} --vars '{scheduled_round: true}'`;

/** The dbt commands each schedule runs, in the order the Airflow DAGs run them (dbt/selectors.yml). */
export const DBT_RUNS = {
  hourly: [
    `dbt source freshness --selector freshness ${DBT_FLAGS}`,
    `dbt build --selector build_silver ${ROUND_FLAGS}`,
    `dbt snapshot --selector snapshot ${ROUND_FLAGS}`,
    `dbt build --selector build_gold ${ROUND_FLAGS}`,
  ],
  daily: [`dbt build --selector nightly ${DBT_FLAGS}`],
} as const;
