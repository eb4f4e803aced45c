import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ConfigShape = z
  .object({
    BRONZE_SINK: z.enum(['duckdb', 'bigquery']).default('duckdb'),
    WAREHOUSE_PATH: z.string().min(1).default('.local/warehouse.duckdb'),
    BRONZE_LANDING_DIR: z.string().min(1).optional(),
    BQ_PROJECT: z.string().min(1).optional(),
    BQ_DATASET: z.string().min(1).default('bronze'),
    BIGQUERY_API_ENDPOINT: z.url().optional(),
    BQ_MAX_RETRIES: z.coerce.number().int().min(0).default(2),
    SINK_BATCH_MAX_ROWS: positiveInt(500),
    SINK_BATCH_MAX_WAIT_MS: positiveInt(50),
    ECB_RATES_URL: z.url().default('https://www.ecb.europa.eu/stats/eurofxref'),
    GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
    LOG_LEVEL: z
      .enum(['debug', 'info', 'warning', 'error'])
      .default('info')
      .transform((level) => level.toUpperCase() as 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR'),
  })
  .superRefine((env, context) => {
    if (env.BRONZE_SINK === 'bigquery' && !env.BQ_PROJECT) {
      context.addIssue({
        code: 'custom',
        path: ['BQ_PROJECT'],
        message: 'is required when BRONZE_SINK=bigquery',
      });
    }
  });

/** Runtime settings of the functions, parsed once at start-up. */
export interface FunctionsConfig {
  sink:
    | { kind: 'duckdb'; warehousePath: string; landingDir: string | undefined }
    | {
        kind: 'bigquery';
        projectId: string;
        dataset: string;
        apiEndpoint: string | undefined;
        maxRetries: number;
      };
  batch: { maxRows: number; maxWaitMs: number };
  ecbRatesUrl: string;
  /** Project for Cloud Logging trace links. */
  projectId: string | undefined;
  logLevel: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
}

/** Parses the environment into a {@link FunctionsConfig}; throws one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): FunctionsConfig {
  const parsed = ConfigShape.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`invalid functions configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    sink:
      e.BRONZE_SINK === 'bigquery'
        ? {
            kind: 'bigquery',
            projectId: e.BQ_PROJECT ?? '',
            dataset: e.BQ_DATASET,
            apiEndpoint: e.BIGQUERY_API_ENDPOINT,
            maxRetries: e.BQ_MAX_RETRIES,
          }
        : { kind: 'duckdb', warehousePath: e.WAREHOUSE_PATH, landingDir: e.BRONZE_LANDING_DIR },
    batch: { maxRows: e.SINK_BATCH_MAX_ROWS, maxWaitMs: e.SINK_BATCH_MAX_WAIT_MS },
    ecbRatesUrl: e.ECB_RATES_URL.replace(/\/+$/, ''),
    projectId: e.GOOGLE_CLOUD_PROJECT ?? e.BQ_PROJECT,
    logLevel: e.LOG_LEVEL,
  };
}
