/**
 * docs/benchmarks.md against its sources: the checked-in page is what the generator makes of
 * bench/results/latest.json and bench/notes.md today, and the generator shows what was measured —
 * each figure with its target, commit and machine, a stage or a target's figure that was not
 * measured as such — without inventing figures.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  currentBenchmarksPage,
  NOTES_PATH,
  PAGE_PATH,
  parseNotes,
  REGENERATE_COMMAND,
  renderBenchmarksPage,
} from '../page.js';
import { mergeResults, parseResults, type StageResult } from '../results.js';
import { BENCH_ROOT, STAGES } from '../stages.js';

const notes = new Map(STAGES.map((stage) => [stage.id, `What limits ${stage.id}.`]));

function stageResult(
  stage: string,
  figures: StageResult['figures'],
  commit = 'abc1234',
): StageResult {
  return {
    stage,
    date: '2026-12-01T10:20:30.456Z',
    commit,
    modified: false,
    machine: {
      cpu: 'Test CPU @ 2.00GHz',
      cores: 2,
      memoryGiB: 24,
      freeMemoryGiB: 20,
      os: 'linux 6.1',
      node: 'v20.20.2',
    },
    load: [0.5, 1.5],
    command: `npm run bench -- --only ${stage}`,
    seconds: 12,
    figures,
  };
}

const figure = (name: string, median: number, unit: string, min = median, max = median) => ({
  name,
  unit,
  median,
  min,
  max,
  runs: 3,
});

/** The table row of a figure (or of a stage) on a rendered page. */
function row(page: string, stage: string, name: string): string | undefined {
  return page.split('\n').find((line) => line.startsWith(`| ${stage} | `) && line.includes(name));
}

describe(PAGE_PATH, () => {
  it(`is what ${REGENERATE_COMMAND} makes of latest.json and ${NOTES_PATH} today`, async () => {
    const page = await readFile(join(BENCH_ROOT, PAGE_PATH), 'utf8').catch(() => '(missing)');
    expect(
      page,
      `${PAGE_PATH} is out of date with bench/results/latest.json and ${NOTES_PATH}: run \`${REGENERATE_COMMAND}\``,
    ).toBe(await currentBenchmarksPage());
  });

  it('has one table and one section per stage, in the order the bench runs them', async () => {
    const page = await currentBenchmarksPage();
    expect(page.match(/^\| stage \| figure \|/gm)).toHaveLength(1);
    const sections = [...page.matchAll(/^### .* \(`([\w-]+)`\)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(STAGES.map((stage) => stage.id));
  });

  it(`is checked by ${REGENERATE_COMMAND} -- --check`, () => {
    const result = spawnSync('npx', ['tsx', 'bench/docs.ts', '--check'], {
      cwd: BENCH_ROOT,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('is up to date');
  });
});

describe('the generated page', () => {
  const results = {
    format: 2 as const,
    stages: [
      stageResult('generator', [
        figure('generator.events_per_second', 61_234, 'events/s', 58_000, 63_000),
        figure('generator.ratio_to_bare_stringify', 0.2, 'ratio', 0.19, 0.21),
        figure('generator.world_build', 700, 'ms'),
      ]),
      stageResult(
        'dbt',
        [figure('dbt build full 100,000 orders (median of 3)', 30, 's')],
        'def5678',
      ),
    ],
  };
  const page = renderBenchmarksPage(results, notes);

  it('shows each figure with its median, range, target, whether it is met, commit and machine', () => {
    expect(row(page, 'generator', '`generator.events_per_second`')).toBe(
      '| generator | `generator.events_per_second` | 61,234 events/s | 58,000–63,000 | 3 | ≥ 50,000 events/s | met | `abc1234` | 2 × Test CPU @ 2.00GHz |',
    );
    expect(row(page, 'generator', 'ratio_to_bare_stringify')).toContain('| ≥ 0.25 | **missed** |');
    expect(row(page, 'generator', 'world_build')).toBe(
      '| generator | `generator.world_build` | 700 ms |  | 3 |  |  | `abc1234` | 2 × Test CPU @ 2.00GHz |',
    );
  });

  it('marks a stage latest.json lacks as not measured, and its notes stay', () => {
    for (const id of ['cli-start', 'handler', 'serving', 'cloud-ingest', 'e2e']) {
      expect(row(page, id, 'not measured in this run')).toBeDefined();
      expect(page).toContain(`What limits ${id}.`);
    }
    expect(page.match(/Not measured in this run/g)).toHaveLength(5);
  });

  it("marks a target whose figure the stage's run did not produce as not measured", () => {
    expect(row(page, 'dbt', 'dbt build full 100,000')).toContain('| 30 s |');
    expect(row(page, 'dbt', '`dbt build full 1,000,000 orders`')).toBe(
      '| dbt | `dbt build full 1,000,000 orders` |  |  |  | < 90 | not measured in this run | `def5678` | 2 × Test CPU @ 2.00GHz |',
    );
    expect(row(page, 'dbt', '`incremental / full 1,000,000`')).toContain(
      'not measured in this run',
    );
  });

  it('says where, when and how each stage was measured', () => {
    expect(page).toContain(
      '_Measured 2026-12-01 10:20 UTC on commit `def5678`, 12 s: 2 × Test CPU @ 2.00GHz, 24 GiB, linux 6.1, Node v20.20.2, load 0.5 → 1.5; `npm run bench -- --only dbt`._',
    );
  });

  it('judges the end-to-end targets at the rates they are about', () => {
    const e2e = renderBenchmarksPage(
      {
        format: 2,
        stages: [
          stageResult('e2e', [
            figure('e2e offered 1000/s: e2e.throughput', 997, 'events/s'),
            figure('e2e offered 1000/s: e2e.latency_p99', 524, 'ms'),
            figure('e2e offered 2500/s: e2e.throughput', 1_200, 'events/s'),
            figure('e2e offered 2500/s: e2e.latency_p99', 9_000, 'ms'),
          ]),
        ],
      },
      notes,
    );
    expect(row(e2e, 'e2e', 'offered 1000/s: e2e.throughput')).toContain('| 3 |  |  |');
    expect(row(e2e, 'e2e', 'offered 1000/s: e2e.latency_p99')).toContain('| < 2,000 ms | met |');
    expect(row(e2e, 'e2e', 'offered 2500/s: e2e.throughput')).toContain(
      '| ≥ 2,000 events/s | **missed** |',
    );
    expect(row(e2e, 'e2e', 'offered 2500/s: e2e.latency_p99')).toContain('**missed**');
    expect(row(e2e, 'e2e', 'e2e offered ≥ 2,000/s')).toBeUndefined();
  });
});

describe(NOTES_PATH, () => {
  it('has a note for every stage, and the parser refuses a missing or unknown one', async () => {
    const parsed = parseNotes(await readFile(join(BENCH_ROOT, NOTES_PATH), 'utf8'));
    expect([...parsed.keys()]).toEqual(STAGES.map((stage) => stage.id));
    const sections = STAGES.map((stage) => `## ${stage.id}\n\nText.\n`);
    expect(() => parseNotes(sections.slice(1).join('\n'))).toThrow(/missing: cli-start/);
    expect(() => parseNotes([...sections, '## nightly\n\nText.\n'].join('\n'))).toThrow(
      /unknown: nightly/,
    );
  });
});

describe('bench/results/latest.json', () => {
  it('keeps the stages a run did not measure and replaces those it did, in stage order', () => {
    const old = { format: 2 as const, stages: [stageResult('dbt', []), stageResult('e2e', [])] };
    const fresh = stageResult('generator', [], 'fff0000');
    const again = stageResult('dbt', [], 'fff0000');
    const merged = mergeResults(
      old,
      [again, fresh],
      STAGES.map((stage) => stage.id),
    );
    expect(merged.stages.map(({ stage, commit }) => `${stage}@${commit}`)).toEqual([
      'generator@fff0000',
      'e2e@abc1234',
      'dbt@fff0000',
    ]);
  });

  it('refuses a file in another format with a clear error', () => {
    const flat = JSON.stringify({ date: '2026-11-22', commit: 'd76231d', figures: [] });
    expect(() => parseResults(flat)).toThrow(/not in the format npm run bench writes .*format/);
    expect(() => parseResults('{')).toThrow(/is not JSON/);
  });
});
