/**
 * The runbook's dbt commands name what the deployment has: the Composer environment, DAGs and the
 * params a triggered run accepts, the dbt Cloud Run job and its Cloud Scheduler jobs. No gcloud
 * runs here, so a wrong name or conf key would only show on the day an operator needs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { addEnvironment } from '../src/app.js';
import { ORCHESTRATION_NAMES } from '../src/stacks/orchestration.js';
import { codeOf, shellWords } from './support/doc-commands.js';
import {
  CLOUD_RUN_JOB_ORCHESTRATOR,
  FIXTURE_ARTIFACTS,
  everythingConfig,
} from './support/fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNBOOK = 'docs/runbook.md';
const DAGS_DIR = join(ROOT, 'composer', 'dags');

const commands = codeOf(RUNBOOK, readFileSync(join(ROOT, RUNBOOK), 'utf8'))
  .map((code) => shellWords(code.text).words)
  .filter((words) => words[0] === 'gcloud');

/** The params a DAG file declares (`"name": Param(`), by DAG id (the file name). */
function dagParams(): Map<string, Set<string>> {
  const dags = new Map<string, Set<string>>();
  for (const file of readdirSync(DAGS_DIR).filter((name) => name.endsWith('.py'))) {
    const source = readFileSync(join(DAGS_DIR, file), 'utf8');
    dags.set(
      file.replace(/\.py$/, ''),
      new Set([...source.matchAll(/"(\w+)": Param\(/g)].map((match) => match[1] ?? '')),
    );
  }
  return dags;
}

/** The value of `--flag=value` or `--flag value` among `words`. */
function flag(words: readonly string[], name: string): string | undefined {
  const index = words.findIndex((word) => word === name || word.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const word = words[index] ?? '';
  return word.includes('=') ? word.slice(word.indexOf('=') + 1) : words[index + 1];
}

describe(`${RUNBOOK}: dbt orchestration commands`, () => {
  it('trigger, pause and unpause only DAGs that exist, with conf keys their params declare', () => {
    const dags = dagParams();
    const composer = commands.filter(
      (words) => words.slice(1, 4).join(' ') === 'composer environments run',
    );
    const dagCommands = composer
      .map((words) => ({ words, separator: words.indexOf('--') }))
      .filter(({ words, separator }) => words[separator - 2] === 'dags' && separator > 0);
    expect(dagCommands.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const { words, separator } of dagCommands) {
      const verb = words[separator - 1] ?? '';
      if (!['trigger', 'pause', 'unpause'].includes(verb)) continue;
      const dag = words[separator + 1] ?? '';
      const params = dags.get(dag);
      if (params === undefined) {
        problems.push(`dags ${verb} ${dag}: no such DAG`);
        continue;
      }
      const conf = flag(words, '--conf');
      for (const key of Object.keys(conf === undefined ? {} : (JSON.parse(conf) as object))) {
        if (!params.has(key)) problems.push(`dags trigger ${dag}: conf key ${key} is no param`);
      }
    }
    expect(problems).toEqual([]);
    // The environment the runbook's `ENV=` names.
    const environment = readFileSync(join(ROOT, RUNBOOK), 'utf8').match(
      /ENV="--location=\$REGION (\S+)"/g,
    );
    expect(new Set(environment)).toEqual(
      new Set([`ENV="--location=$REGION ${ORCHESTRATION_NAMES.composer}"`]),
    );
  });

  it('run the dbt Cloud Run job and pause its schedules by the names the stack gives them', () => {
    const cheap = addEnvironment(
      Testing.app(),
      {
        ...everythingConfig(),
        environment: 'cheap',
        orchestrator: CLOUD_RUN_JOB_ORCHESTRATOR,
      },
      FIXTURE_ARTIFACTS,
    );
    const synthesized = JSON.parse(Testing.synth(cheap.orchestration)) as {
      resource: Record<string, Record<string, { name: string }>>;
    };
    const names = (type: string) =>
      Object.values(synthesized.resource[type] ?? {}).map((r) => r.name);
    const schedules = names('google_cloud_scheduler_job');
    expect(names('google_cloud_run_v2_job')).toEqual([ORCHESTRATION_NAMES.dbtJob]);

    const jobs = commands.filter((words) => words.slice(1, 3).join(' ') === 'run jobs');
    const named = jobs.map((words) =>
      words[3] === 'execute'
        ? words[4]
        : words[3] === 'executions'
          ? flag(words, '--job')
          : undefined,
    );
    expect(named.length).toBeGreaterThan(2);
    expect(new Set(named)).toEqual(new Set([ORCHESTRATION_NAMES.dbtJob]));

    const paused = commands
      .filter(
        (words) =>
          words.slice(1, 3).join(' ') === 'scheduler jobs' &&
          ['pause', 'resume'].includes(words[3] ?? ''),
      )
      .map((words) => words[4] ?? '');
    expect(paused.length).toBeGreaterThan(1);
    expect(paused.filter((name) => !schedules.includes(name))).toEqual([]);
  });
});
