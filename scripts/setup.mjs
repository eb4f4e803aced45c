#!/usr/bin/env node
// Idempotent, cached setup: `node scripts/setup.mjs [--for start|test|all] [--only a,b]`.
// Checks prerequisites, then brings each component up to date, printing one line per step.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  ensureDeployNode,
  ensureNashorn,
  ensurePubsubEmulator,
  ensureVenv,
  hashFiles,
  run,
} from './toolchain.mjs';
import { ensureCliBuild } from '../cli/build.mjs';

const PREREQUISITES = {
  python: {
    check: () => versionOf('python3', ['--version'], /Python (\d+)\.(\d+)/, [3, 11]),
    hint: 'Python 3.11+ is required: install it from python.org or your package manager (e.g. apt-get install python3 python3-venv).',
  },
  go: {
    check: () => versionOf('go', ['version'], /go(\d+)\.(\d+)/, [1, 22]),
    hint: 'Go 1.22+ is required to build the local Pub/Sub emulator: install it from go.dev/doc/install.',
  },
  java: {
    check: () => versionOf('java', ['-version'], /version "(\d+)(?:\.(\d+))?/, [17, 0]),
    hint: 'Java 17+ is required for the Nashorn UDF tests: install a JDK (e.g. apt-get install openjdk-17-jdk-headless).',
  },
  maven: {
    check: () => versionOf('mvn', ['-v'], /Maven (\d+)\.(\d+)/, [3, 6]),
    hint: 'Maven 3.6+ is required to fetch Nashorn from Maven Central: install it (e.g. apt-get install maven).',
  },
};

const COMPONENTS = {
  npm: { needs: [], build: ensureNpm },
  cli: { needs: [], build: ensureCliBuild },
  'pubsub-emulator': { needs: ['go'], build: ensurePubsubEmulator },
  'venv:dbt': { needs: ['python'], build: () => ensureVenv('dbt') },
  'venv:airflow': { needs: ['python'], build: () => ensureVenv('airflow') },
  'venv:checkov': { needs: ['python'], build: () => ensureVenv('checkov') },
  nashorn: { needs: ['java', 'maven'], build: ensureNashorn },
  chromium: { needs: [], build: ensureChromium },
  'node:deploy': { needs: [], build: ensureDeployNode },
};

const PROFILES = {
  start: ['npm', 'cli', 'pubsub-emulator', 'venv:dbt'],
  test: Object.keys(COMPONENTS),
  all: Object.keys(COMPONENTS),
};

function versionOf(command, args, pattern, [major, minor]) {
  // Some tools (java -version) print their version on stderr even when they succeed.
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error?.code === 'ENOENT') return `${command} not found`;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const match = pattern.exec(output);
  if (!match) return `could not read the version of ${command}`;
  const [foundMajor, foundMinor] = [Number(match[1]), Number(match[2] ?? 0)];
  if (foundMajor < major || (foundMajor === major && foundMinor < minor)) {
    return `${command} ${foundMajor}.${foundMinor} is too old`;
  }
  return undefined;
}

function ensureNpm() {
  const stamp = join(ROOT, 'node_modules', '.salesflow-lock-hash');
  const wanted = hashFiles(['package-lock.json']);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return false;
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT });
  writeFileSync(stamp, wanted);
  return true;
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return false;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'Chromium is required for the dashboard test: install it with `sudo apt-get install chromium`.',
    );
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return true;
}

function parseArgs(argv) {
  const options = { profile: 'all', only: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--for' && value && value in PROFILES) {
      options.profile = value;
      index += 1;
    } else if (flag === '--only' && value) {
      options.only = value.split(',');
      index += 1;
    } else {
      throw new Error(
        `setup: unknown or incomplete option ${flag} (use --for start|test|all or --only a,b)`,
      );
    }
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const names = options.only ?? PROFILES[options.profile];
  for (const name of names) {
    if (!(name in COMPONENTS)) {
      console.error(
        `setup: unknown component ${name} (known: ${Object.keys(COMPONENTS).join(', ')})`,
      );
      process.exit(2);
    }
  }
  const needed = new Set(names.flatMap((name) => COMPONENTS[name].needs));
  for (const prerequisite of needed) {
    const problem = PREREQUISITES[prerequisite].check();
    if (problem) {
      console.error(`setup: ${problem}. ${PREREQUISITES[prerequisite].hint}`);
      process.exit(1);
    }
  }
  const started = Date.now();
  for (const name of names) {
    const stepStarted = Date.now();
    if (process.stderr.isTTY) process.stderr.write(`setup: ${name} …\r`);
    let built;
    try {
      built = await COMPONENTS[name].build();
    } catch (error) {
      console.error(`setup: ${name} failed: ${error.message}`);
      process.exit(1);
    }
    const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
    console.error(`setup: ${name.padEnd(16)} ${built ? 'built ' : 'cached'} (${seconds}s)`);
  }
  console.error(`setup: ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

await main();
