import { describe, expect, it } from 'vitest';
import { classifyDuckDbError } from '../src/bronze/errors.js';
import { loadLocalConfig } from '../src/function/config.js';

describe('configuration of the local function host', () => {
  it('defaults to the local DuckDB warehouse and ignores BigQuery settings', () => {
    const config = loadLocalConfig({ BQ_PROJECT: 'ignored' });
    expect(config.duckdb).toEqual({
      warehousePath: '.local/warehouse.duckdb',
      landingDir: undefined,
    });
    expect(config).not.toHaveProperty('bigQuery');
    expect(config.logLevel).toBe('INFO');
  });

  it('refuses a bad setting in one readable line', () => {
    expect(() => loadLocalConfig({ LOG_LEVEL: 'loud' })).toThrow(
      /^invalid local functions configuration: LOG_LEVEL: [^\n]+$/,
    );
  });
});

describe('DuckDB error classification', () => {
  it('classifies DuckDB errors: bad data permanent, the rest transient', () => {
    expect(classifyDuckDbError(new Error('Conversion Error: bad timestamp'), 'x').transient).toBe(
      false,
    );
    expect(classifyDuckDbError(new Error('IO Error: No space left on device'), 'x').transient).toBe(
      true,
    );
  });
});
