import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The settings every host of the functions reads, whatever the sink. */
export const COMMON_SETTINGS = {
  SINK_BATCH_MAX_ROWS: positiveInt(500),
  SINK_BATCH_MAX_WAIT_MS: positiveInt(50),
  ECB_RATES_URL: z.url().default('https://www.ecb.europa.eu/stats/eurofxref'),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warning', 'error'])
    .default('info')
    .transform((level) => level.toUpperCase() as 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR'),
};

/** What the functions need besides their sink: micro-batch limits, the ECB source, logging. */
export interface CommonConfig {
  batch: { maxRows: number; maxWaitMs: number };
  ecbRatesUrl: string;
  /** Project for Cloud Logging trace links. */
  projectId: string | undefined;
  logLevel: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
}

const required = (name: string) =>
  z
    .string({ error: `is required (the deployed functions write Bronze to BigQuery: set ${name})` })
    .min(1);

// The deployed functions have one sink, BigQuery, and no local default: every BigQuery setting is
// set by the deployment, so a missing one is a deployment error, reported at start-up.
const CloudShape = z.object({
  ...COMMON_SETTINGS,
  BRONZE_SINK: z
    .literal('bigquery', {
      error: 'the deployed functions write to BigQuery only; unset it or set bigquery',
    })
    .optional(),
  BQ_PROJECT: required('BQ_PROJECT'),
  BQ_DATASET: required('BQ_DATASET'),
  BIGQUERY_API_ENDPOINT: z.url().optional(),
  BQ_MAX_RETRIES: z.coerce.number().int().min(0).default(2),
});

/** Runtime settings of the deployed functions, parsed once at start-up. */
export interface FunctionsConfig extends CommonConfig {
  bigQuery: {
    projectId: string;
    dataset: string;
    apiEndpoint: string | undefined;
    maxRetries: number;
  };
}

/** A configuration that cannot be used; its message is one line naming every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses `env` with `shape`; throws a {@link ConfigError} whose one-line message names every
 * problem (`VARIABLE: why`).
 */
export function parseEnv<Shape extends z.ZodType>(
  shape: Shape,
  env: NodeJS.ProcessEnv,
  what: string,
): z.output<Shape> {
  const parsed = shape.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid ${what} configuration: ${problems.join('; ')}`);
}

/** The {@link CommonConfig} part of parsed settings. */
export function commonConfig(e: z.output<z.ZodObject<typeof COMMON_SETTINGS>>): CommonConfig {
  return {
    batch: { maxRows: e.SINK_BATCH_MAX_ROWS, maxWaitMs: e.SINK_BATCH_MAX_WAIT_MS },
    ecbRatesUrl: e.ECB_RATES_URL.replace(/\/+$/, ''),
    projectId: e.GOOGLE_CLOUD_PROJECT,
    logLevel: e.LOG_LEVEL,
  };
}

/** Parses the environment of a deployed function into a {@link FunctionsConfig}. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): FunctionsConfig {
  const e = parseEnv(CloudShape, env, 'functions');
  return {
    ...commonConfig(e),
    projectId: e.GOOGLE_CLOUD_PROJECT ?? e.BQ_PROJECT,
    bigQuery: {
      projectId: e.BQ_PROJECT,
      dataset: e.BQ_DATASET,
      apiEndpoint: e.BIGQUERY_API_ENDPOINT,
      maxRetries: e.BQ_MAX_RETRIES,
    },
  };
}

/**
 * {@link loadConfig}, or — when the configuration cannot be used — one structured ERROR line on
 * standard error (Cloud Logging reads it as one entry) and exit code 1, instead of the framework's
 * multi-line "Provided module can't be loaded … syntax error?" report.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): FunctionsConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${JSON.stringify({ severity: 'ERROR', message: error.message })}\n`);
    process.exit(1);
  }
}
