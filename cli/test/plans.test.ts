import { describe, expect, it } from 'vitest';
import { planGenerate } from '../src/commands/generate.js';
import { planPublish } from '../src/commands/publish.js';
import { loadConfig } from '../src/config.js';
import { UsageError } from '../src/errors.js';
import { ProgressBar } from '../src/progress.js';

const DEFAULTS = {
  seed: '1',
  duplicates: '0',
  late: '0',
  invalid: '0',
  outOfOrder: '0',
  conflicts: '0',
  out: '-',
  events: '1000',
};
const NOW = Date.parse('2026-05-04T15:30:00Z');

describe('generate flags', () => {
  it('default to the last 30 whole UTC days', () => {
    const plan = planGenerate(DEFAULTS, NOW);
    expect(plan.mode).toBe('backfill');
    expect(new Date(plan.to).toISOString()).toBe('2026-05-04T00:00:00.000Z');
    expect(new Date(plan.from).toISOString()).toBe('2026-04-04T00:00:00.000Z');
  });

  it('switch to live mode with --rate and size the run from --duration', () => {
    const { events: _events, ...raw } = DEFAULTS;
    const plan = planGenerate({ ...raw, rate: '200', duration: '5m' }, NOW);
    expect(plan.mode).toBe('live');
    expect(plan.events).toBe(60_000);
    expect(plan.durationMs).toBe(300_000);
  });

  it('parse chaos rates and RFC 3339 bounds', () => {
    const plan = planGenerate(
      {
        ...DEFAULTS,
        invalid: '0.05',
        late: '.1',
        conflicts: '0.01',
        from: '2026-01-01T06:00:00+02:00',
        to: '2026-01-02',
      },
      NOW,
    );
    expect(plan.chaos).toEqual({
      duplicates: 0,
      late: 0.1,
      invalid: 0.05,
      outOfOrder: 0,
      conflicts: 0.01,
    });
    expect(plan.from).toBe(Date.parse('2026-01-01T04:00:00Z'));
  });

  it('reject combinations that make no sense', () => {
    expect(() =>
      planGenerate({ ...DEFAULTS, rate: '5', duration: '1s', from: '2026-01-01' }, NOW),
    ).toThrow(UsageError);
    expect(() => planGenerate({ ...DEFAULTS, duplicates: '0.6', invalid: '0.6' }, NOW)).toThrow(
      /must not exceed 1/,
    );
    expect(() => planGenerate({ ...DEFAULTS, conflicts: '1.5' }, NOW)).toThrow(/--conflicts/);
    expect(() => planGenerate({ ...DEFAULTS, from: '1999-12-01', to: '2000-02-01' }, NOW)).toThrow(
      /2000-01-01/,
    );
  });
});

describe('publish flags and configuration', () => {
  const raw = {
    file: 'events.ndjson',
    topic: 'sales-events',
    batchSize: '1000',
    maxOutstanding: '100',
  };

  it('use the local project on the emulator and the named project otherwise', () => {
    const local = planPublish(raw, loadConfig({ PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }));
    expect(local).toMatchObject({
      projectId: 'salesflow-local',
      emulatorHost: '127.0.0.1:8085',
      source: 'generator',
    });
    const cloud = planPublish(
      raw,
      loadConfig({ GOOGLE_CLOUD_PROJECT: 'acme-prod', SALESFLOW_SOURCE: 'pos-eu-1' }),
    );
    expect(cloud).toMatchObject({ projectId: 'acme-prod', source: 'pos-eu-1' });
    expect(cloud.emulatorHost).toBeUndefined();
  });

  it('refuse to guess a project for real Pub/Sub, and reject a malformed emulator address', () => {
    expect(() => planPublish(raw, loadConfig({}))).toThrow(/no project/);
    expect(() => loadConfig({ PUBSUB_EMULATOR_HOST: 'localhost' })).toThrow(
      /PUBSUB_EMULATOR_HOST must be host:port/,
    );
  });
});

describe('progress bar', () => {
  it('draws only on a terminal that does not carry the data', () => {
    expect(ProgressBar.shouldShow({ isTTY: true, write: () => true }, 'out.ndjson')).toBe(true);
    expect(ProgressBar.shouldShow({ isTTY: true, write: () => true }, '-')).toBe(false);
    expect(ProgressBar.shouldShow({ isTTY: false, write: () => true }, 'out.ndjson')).toBe(false);
  });

  it('renders progress and speed, and writes nothing when disabled', () => {
    let now = 0;
    const written: string[] = [];
    const stream = { isTTY: true, write: (text: string) => written.push(text) > 0 };
    const bar = new ProgressBar({
      label: 'generate',
      total: 200,
      stream,
      enabled: true,
      now: () => now,
    });
    now = 2000;
    bar.tick(100);
    expect(bar.render(now)).toContain(' 50% 100/200 50/s');
    bar.finish();
    expect(written.at(-1)).toMatch(/\n$/);
    const silent: string[] = [];
    const off = new ProgressBar({
      label: 'x',
      total: 1,
      stream: { write: (t: string) => silent.push(t) > 0 },
      enabled: false,
    });
    off.tick();
    off.finish();
    expect(silent).toEqual([]);
  });
});
