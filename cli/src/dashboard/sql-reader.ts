/** The port the dashboard reads the warehouse through: run a read-only query, get plain rows. */
export interface SqlReader {
  /** Runs one query; numbers arrive as JS numbers, text as strings, SQL NULL as null. */
  all(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}
