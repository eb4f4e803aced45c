/** Log severities, as Cloud Logging names them. */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Extra structured fields of a log entry. */
export type LogFields = Record<string, unknown>;

/** The logging port: one call, one structured entry. */
export interface Logger {
  log(severity: Severity, message: string, fields?: LogFields): void;
}

const RANK: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Entries below this severity are dropped. */
  minSeverity: Severity;
  /** Where each JSON line goes; standard output by default, which Cloud Run forwards to Cloud Logging. */
  write?: (line: string) => void;
}

/**
 * A logger that prints one JSON object per line, in the structured form Cloud Logging parses
 * (`severity`, `message`, `logging.googleapis.com/trace`, anything else lands in `jsonPayload`).
 */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const threshold = RANK[options.minSeverity];
  return {
    log(severity, message, fields = {}) {
      if (RANK[severity] < threshold) return;
      write(JSON.stringify({ severity, message, ...fields, time: new Date().toISOString() }));
    },
  };
}

/** A logger that keeps entries in memory, for tests and benchmarks. */
export function createMemoryLogger(): Logger & {
  entries: { severity: Severity; message: string; fields: LogFields }[];
} {
  const entries: { severity: Severity; message: string; fields: LogFields }[] = [];
  return {
    entries,
    log(severity, message, fields = {}) {
      entries.push({ severity, message, fields });
    },
  };
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/**
 * The Cloud Logging trace fields for a W3C `traceparent` value, or none when it is absent or
 * malformed. Cloud Logging links an entry to its trace only with the `projects/P/traces/T` form.
 */
export function traceFields(traceparent: unknown, projectId: string | undefined): LogFields {
  if (typeof traceparent !== 'string') return {};
  const match = TRACEPARENT.exec(traceparent.trim());
  if (!match) return {};
  const [, traceId, spanId, flags] = match;
  return {
    'logging.googleapis.com/trace': projectId ? `projects/${projectId}/traces/${traceId}` : traceId,
    'logging.googleapis.com/spanId': spanId,
    'logging.googleapis.com/trace_sampled': flags === '01',
  };
}
