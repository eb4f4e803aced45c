// The local toolchain: where every non-npm tool salesflow needs lives, and how to build it.
//
// Plain Node ESM with no dependencies, because it runs before `npm ci` on a fresh clone. Every
// artefact is cached under one directory and keyed by the hash of the files that define it, so a
// second run finds it in milliseconds and a changed lock file builds a new one beside the old.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
  rmSync,
  renameSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Cache root: SALESFLOW_CACHE_DIR, else $XDG_CACHE_HOME/salesflow, else ~/.cache/salesflow. */
export const CACHE_DIR = resolve(
  process.env.SALESFLOW_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'salesflow'),
);

/** Python virtual environments, each defined by one pinned requirements file. */
export const VENVS = {
  dbt: 'requirements/dbt.txt',
  airflow: 'requirements/airflow.txt',
  checkov: 'requirements/checkov.txt',
};

/** Hash of the given repository files (paths relative to ROOT; directories are walked). */
export function hashFiles(paths) {
  const hash = createHash('sha256');
  const walk = (path) => {
    const absolute = join(ROOT, path);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) walk(join(path, entry));
    } else {
      hash.update(path).update('\0').update(readFileSync(absolute)).update('\0');
    }
  };
  for (const path of paths) walk(path);
  return hash.digest('hex').slice(0, 12);
}

/** Directory of a venv (it exists only once built). */
export function venvDir(name) {
  return join(CACHE_DIR, 'venvs', `${name}-${hashFiles([VENVS[name]])}`);
}

/** Path of an executable inside a venv. */
export function venvBin(name, executable) {
  return join(venvDir(name), 'bin', executable);
}

const PUBSUB_EMULATOR_SOURCES = [
  'tools/pubsub-emulator/go.mod',
  'tools/pubsub-emulator/go.sum',
  'tools/pubsub-emulator/main.go',
  'tools/pubsub-emulator/compact.go',
];

/** Path of the pstest Pub/Sub emulator binary. */
export function pubsubEmulatorBin() {
  return join(CACHE_DIR, 'bin', `pubsub-emulator-${hashFiles(PUBSUB_EMULATOR_SOURCES)}`);
}

const NASHORN_SOURCES = ['functions/udf/nashorn'];

/** Directory with the Nashorn jars and the compiled UDF harness (classpath: dir/*:dir). */
export function nashornDir() {
  return join(CACHE_DIR, 'nashorn', hashFiles(NASHORN_SOURCES));
}

/**
 * The Node.js release the deployable function zip is started with in tests: the major of the
 * deployed runtime (`nodejs22`), which the development machine's Node may not be. It comes from the
 * npm registry's per-platform Node.js package, whose integrity npm checks.
 */
export const DEPLOY_NODE_VERSION = '22.23.5';

function deployNodeDir() {
  return join(CACHE_DIR, 'node', `${process.platform}-${process.arch}-${DEPLOY_NODE_VERSION}`);
}

/** Path of the deploy-runtime `node` binary (it exists only once built). */
export function deployNodeBin() {
  return join(deployNodeDir(), 'bin', 'node');
}

/** Fetches the deploy-runtime Node.js from the npm registry, if absent. */
export function ensureDeployNode() {
  return buildAtomically(deployNodeDir(), (temporary) => {
    mkdirSync(temporary, { recursive: true });
    const spec = `node-${process.platform}-${process.arch}@${DEPLOY_NODE_VERSION}`;
    const tarball = run('npm', ['pack', '--silent', `--pack-destination=${temporary}`, spec])
      .trim()
      .split('\n')
      .pop();
    const archive = join(temporary, tarball);
    run('tar', [
      '-xzf',
      archive,
      '-C',
      temporary,
      '--strip-components=1',
      'package/bin/node',
      'package/LICENSE',
    ]);
    rmSync(archive);
    run(join(temporary, 'bin', 'node'), ['--version']);
  });
}

/** Runs a command, streaming nothing; throws with the tail of its output when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-25)
      .join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${tail}`);
  }
  return result.stdout ?? '';
}

/** Builds `target` (a directory or file) atomically: build into a temp path, rename on success. */
function buildAtomically(target, build) {
  if (existsSync(target)) return false;
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.partial-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  try {
    build(temporary);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return true;
}

/** Creates the venv for `name` if absent. Returns true when it had to build. */
export function ensureVenv(name, python = 'python3') {
  const target = venvDir(name);
  // A venv embeds its own path in scripts, so it is built in place and marked complete at the end.
  const marker = join(target, '.complete');
  if (existsSync(marker)) return false;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  run(python, ['-m', 'venv', target]);
  const pip = join(target, 'bin', 'pip');
  run(pip, ['install', '--disable-pip-version-check', '--quiet', '--upgrade', 'pip==25.2']);
  run(pip, ['install', '--disable-pip-version-check', '--quiet', '-r', join(ROOT, VENVS[name])]);
  writeFileSync(marker, new Date().toISOString());
  return true;
}

/** Builds the pstest emulator binary if absent. Returns true when it had to build. */
export function ensurePubsubEmulator() {
  return buildAtomically(pubsubEmulatorBin(), (temporary) => {
    run('go', ['build', '-trimpath', '-o', temporary, '.'], {
      cwd: join(ROOT, 'tools/pubsub-emulator'),
    });
  });
}

/** Fetches Nashorn from Maven Central and compiles the UDF harness, if absent. */
export function ensureNashorn() {
  return buildAtomically(nashornDir(), (temporary) => {
    const source = join(ROOT, 'functions/udf/nashorn');
    mkdirSync(temporary, { recursive: true });
    run('mvn', [
      '-q',
      '-B',
      '-f',
      join(source, 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${temporary}`,
    ]);
    const javaFiles = readdirSync(source)
      .filter((file) => file.endsWith('.java'))
      .map((file) => join(source, file));
    run('javac', ['-d', temporary, '-cp', `${temporary}/*`, ...javaFiles]);
  });
}
