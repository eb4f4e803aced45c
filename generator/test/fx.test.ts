import { describe, expect, it } from 'vitest';
import { FX_RATES_TABLE } from '@salesflow/contract';
import { createGenerator, FX_BASE_RATES, FxModel, isWeekend } from '../src/index.js';

const DAY = 86_400_000;
const FROM = Date.parse('2026-03-02T00:00:00Z'); // Monday
const TO = Date.parse('2026-03-15T12:00:00Z'); // Sunday

describe('FX model', () => {
  const generator = createGenerator({ seed: 1, events: 0 });
  const rows = generator.fxRatesFor(FROM, TO);

  it('emits one row per business day and quote currency, like the ECB (no weekends)', () => {
    const dates = new Set(rows.map((row) => row.rate_date));
    expect([...dates].sort()).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
    ]);
    expect(rows).toHaveLength(dates.size * Object.keys(FX_BASE_RATES).length);
  });

  it('has the bronze.fx_rates columns, base EUR, source generator, decimal-string rates', () => {
    const columns = FX_RATES_TABLE.columns.map((column) => column.name).sort();
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(columns);
      expect(row.base_currency).toBe('EUR');
      expect(row.source).toBe('generator');
      expect(row.rate).toMatch(/^\d+\.\d{4}$/);
    }
  });

  it('walks near real-looking levels and moves from day to day', () => {
    for (const [currency, base] of Object.entries(FX_BASE_RATES)) {
      const series = rows
        .filter((row) => row.quote_currency === currency)
        .map((row) => Number(row.rate));
      for (const rate of series) expect(Math.abs(Math.log(rate / base))).toBeLessThan(0.3);
      expect(new Set(series).size).toBeGreaterThan(5);
    }
  });

  it('is deterministic per seed and uses the last business day on weekends', () => {
    const model = new FxModel(5);
    const again = new FxModel(5);
    const saturday = Math.floor(Date.parse('2026-03-07T00:00:00Z') / DAY);
    expect(isWeekend(saturday)).toBe(true);
    expect(model.effectiveRate('JPY', saturday)).toBe(again.effectiveRate('JPY', saturday));
    expect(model.effectiveRate('JPY', saturday)).toBe(model.publishedRate('JPY', saturday - 1));
    expect(model.convert(100, 'EUR', 'EUR', saturday)).toBe(100);
    expect(new FxModel(6).publishedRate('USD', saturday - 1)).not.toBe(
      model.publishedRate('USD', saturday - 1),
    );
  });
});
