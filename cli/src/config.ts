import { z } from 'zod';
import { UsageError } from './errors.js';

/** The project the local emulator world uses when nothing else is configured. */
export const LOCAL_PROJECT = 'salesflow-local';

const Environment = z.object({
  PUBSUB_EMULATOR_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, 'PUBSUB_EMULATOR_HOST must be host:port')
    .optional(),
  PUBSUB_PROJECT_ID: z.string().min(1).optional(),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  SALESFLOW_SOURCE: z.string().min(1).max(64).optional(),
});

/** Configuration of the CLI, read once from the environment. */
export interface CliConfig {
  readonly pubsub: {
    /** `host:port` of a Pub/Sub emulator; absent means real Pub/Sub. */
    readonly emulatorHost?: string;
    /** Project id, when the environment names one. */
    readonly projectId?: string;
  };
  /** The `source` attribute published messages carry. */
  readonly source: string;
}

/** Parses the environment (the only place the CLI reads it). Throws one line on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${String(issue?.path[0] ?? 'environment')}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const values = parsed.data;
  const projectId = values.PUBSUB_PROJECT_ID ?? values.GOOGLE_CLOUD_PROJECT;
  return {
    pubsub: {
      ...(values.PUBSUB_EMULATOR_HOST === undefined
        ? {}
        : { emulatorHost: values.PUBSUB_EMULATOR_HOST }),
      ...(projectId === undefined ? {} : { projectId }),
    },
    source: values.SALESFLOW_SOURCE ?? 'generator',
  };
}
