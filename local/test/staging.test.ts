import { DuckDBInstance } from '@duckdb/node-api';
import { SALES_EVENTS_REJECTED_TABLE } from '@salesflow/contract';
import { describe, expect, it } from 'vitest';
import { StagingTable } from '../src/bronze/staging.js';

describe('StagingTable', () => {
  it('holds only the latest batch: earlier batches do not stay in memory as deleted rows', async () => {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    try {
      const staging = new StagingTable(connection, SALES_EVENTS_REJECTED_TABLE);
      await staging.create();
      for (let batch = 0; batch < 40; batch += 1) {
        const rows = Array.from({ length: 25 }, (_, i) => ({
          message_id: `m-${batch}-${i}`,
          raw_payload: 'x'.repeat(1_000),
        }));
        await staging.load(rows);
      }
      const reader = await connection.runAndReadAll(
        `SELECT estimated_size::INTEGER AS rows FROM duckdb_tables() WHERE table_name = '${staging.name}'`,
      );
      expect(reader.getRowObjectsJson()).toEqual([{ rows: 25 }]);
      const staged = await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n FROM ${staging.name}`,
      );
      expect(staged.getRowObjectsJson()).toEqual([{ n: 25 }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
