import type { LogFields, Logger, Severity } from '@salesflow/functions/logging/logger';

/** A log entry with the time it was written (epoch ms). */
export interface TimedEntry {
  at: number;
  severity: Severity;
  message: string;
  fields: LogFields;
}

/** A logger that keeps its entries in memory with their time, to check when something happened. */
export function timedLogger(): Logger & { entries: TimedEntry[] } {
  const entries: TimedEntry[] = [];
  return {
    entries,
    log(severity, message, fields = {}) {
      entries.push({ at: Date.now(), severity, message, fields });
    },
  };
}
