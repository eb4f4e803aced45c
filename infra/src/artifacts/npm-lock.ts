import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

/** One entry of a lockfileVersion 3 `packages` map. */
type LockEntry = Record<string, unknown> & {
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

interface Lock {
  lockfileVersion?: number;
  packages?: Record<string, LockEntry>;
}

/** The root of a generated lock file: the package it installs. */
export interface LockRoot {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  engines: Record<string, string>;
}

/** The nearest `package-lock.json` in `dir` or above it. */
export function findLockFile(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, 'package-lock.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) {
      throw new Error(`no package-lock.json found in ${dir} or above it: run npm install first`);
    }
  }
}

/** Where Node resolves `name` from the package installed at `from` (both lock paths). */
function resolve(
  packages: Record<string, LockEntry>,
  from: string,
  name: string,
): string | undefined {
  for (let dir = from; ; dir = posix.dirname(dir)) {
    if (dir === '.') dir = '';
    if (posix.basename(dir) !== 'node_modules') {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (packages[candidate]) return candidate;
    }
    if (dir === '') return undefined;
  }
}

function edges(entry: LockEntry): { name: string; optional: boolean }[] {
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...Object.keys(entry.peerDependencies ?? {}).map((name) => ({
      name,
      optional: optionalPeers[name]?.optional === true,
    })),
  ];
}

/**
 * A minimal lockfileVersion 3 `package-lock.json` for a package that depends on `root.dependencies`
 * only, cut from the workspace's lock file: every package those dependencies reach, at the
 * version, integrity and place it has in the workspace — so `npm ci` installs the very tree the
 * tests ran against. `workspaceDir` is the workspace whose dependencies they are (resolution
 * starts there, as Node's does). Throws when a dependency is missing from the lock, is a
 * workspace link, or two reached packages would land on the same path.
 */
export function deriveLockFile(lockFile: string, workspaceDir: string, root: LockRoot): string {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as Lock;
  const packages = lock.packages;
  if (lock.lockfileVersion !== 3 || !packages) {
    throw new Error(`${lockFile} is not a lockfileVersion 3 npm lock file`);
  }
  const workspace = relative(dirname(lockFile), workspaceDir).split(sep).join('/');
  const reached = new Set<string>();
  const visit = (from: string, name: string, optional: boolean, by: string): void => {
    const path = resolve(packages, from, name);
    if (path === undefined) {
      if (optional) return;
      throw new Error(`${name} (needed by ${by}) is not in ${lockFile}: run npm install first`);
    }
    if (packages[path]?.link) {
      throw new Error(`${name} (needed by ${by}) is a workspace package, which npm cannot install`);
    }
    if (reached.has(path)) return;
    reached.add(path);
    for (const edge of edges(packages[path]!)) visit(path, edge.name, edge.optional, name);
  };
  for (const name of Object.keys(root.dependencies)) visit(workspace, name, false, root.name);

  const placed = new Map<string, string>();
  for (const path of reached) {
    const target =
      workspace !== '' && path.startsWith(`${workspace}/`)
        ? path.slice(workspace.length + 1)
        : path;
    const other = placed.get(target);
    if (other !== undefined) {
      throw new Error(`${path} and ${other} would both install at ${target}`);
    }
    placed.set(target, path);
  }
  const entries: Record<string, unknown> = {
    '': {
      name: root.name,
      version: root.version,
      dependencies: root.dependencies,
      engines: root.engines,
    },
  };
  for (const target of [...placed.keys()].sort()) {
    // Flags of the workspace's view (dev-only, …) do not hold here: everything is a runtime dependency.
    const {
      dev: _dev,
      devOptional: _devOptional,
      peer: _peer,
      ...entry
    } = packages[placed.get(target)!]!;
    entries[target] = entry;
  }
  const derived = {
    name: root.name,
    version: root.version,
    lockfileVersion: 3,
    requires: true,
    packages: entries,
  };
  return `${JSON.stringify(derived, null, 2)}\n`;
}
