import { z } from 'zod';
import {
  COMMON_SETTINGS,
  commonConfig,
  parseEnv,
  type CommonConfig,
} from '@salesflow/functions/config';

const LocalShape = z.object({
  ...COMMON_SETTINGS,
  WAREHOUSE_PATH: z.string().min(1).default('.local/warehouse.duckdb'),
  BRONZE_LANDING_DIR: z.string().min(1).optional(),
});

/** Settings of the functions hosted locally, landing Bronze in a DuckDB warehouse. */
export interface LocalFunctionsConfig extends CommonConfig {
  duckdb: { warehousePath: string; landingDir: string | undefined };
}

/** Parses the environment of the local function host into a {@link LocalFunctionsConfig}. */
export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalFunctionsConfig {
  const e = parseEnv(LocalShape, env, 'local functions');
  return {
    ...commonConfig(e),
    duckdb: { warehousePath: e.WAREHOUSE_PATH, landingDir: e.BRONZE_LANDING_DIR },
  };
}
