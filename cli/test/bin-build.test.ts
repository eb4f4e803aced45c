import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKSPACES = ['contract', 'generator', 'functions', 'local', 'cli'];

/**
 * A checkout of the command's sources in a temporary directory, with its own build and the
 * repository's installed packages (the workspace links point at the copies), so the tests can edit
 * sources without touching the repository's.
 */
function copyCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'salesflow-bin-'));
  const skipped = new Set(['node_modules', 'dist', 'test']);
  for (const pkg of WORKSPACES) {
    cpSync(join(ROOT, pkg), join(dir, pkg), {
      recursive: true,
      filter: (source) => !skipped.has(source.slice(ROOT.length + pkg.length + 1).split('/')[0]!),
    });
    const nested = join(ROOT, pkg, 'node_modules');
    if (existsSync(nested)) symlinkSync(nested, join(dir, pkg, 'node_modules'));
  }
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts', 'toolchain.mjs'), join(dir, 'scripts', 'toolchain.mjs'));
  for (const file of ['package.json', 'tsconfig.base.json'])
    cpSync(join(ROOT, file), join(dir, file));
  mkdirSync(join(dir, 'node_modules', '@salesflow'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === '@salesflow') continue;
    symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  for (const pkg of WORKSPACES)
    symlinkSync(join(dir, pkg), join(dir, 'node_modules', '@salesflow', pkg));
  return dir;
}

describe('the salesflow bin runs the compiled command, never a stale one', () => {
  let dir: string;
  const run = (...args: string[]) => {
    const result = spawnSync(
      process.execPath,
      [join(dir, 'cli', 'bin', 'salesflow.mjs'), ...args],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const edit = (path: string, from: string, to: string): void => {
    const file = join(dir, path);
    const source = readFileSync(file, 'utf8');
    expect(source).toContain(from);
    writeFileSync(file, source.replace(from, to));
  };

  beforeAll(() => {
    dir = copyCheckout();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds on the first start, with one line on stderr, and starts silently after that', () => {
    const first = run('--help');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^salesflow: rebuilt in \d+\.\d s \(not built yet; [^\n]*\)\n$/);
    expect(first.stdout).toContain('Usage: salesflow');
    const second = run('--help');
    expect(second).toEqual({ code: 0, stdout: first.stdout, stderr: '' });
  });

  it('takes a touched file with the same bytes as current', () => {
    const now = new Date();
    utimesSync(join(dir, 'cli', 'src', 'main.ts'), now, now);
    expect(run('--help').stderr).toBe('');
  });

  it('rebuilds after a source of the command changed, and runs the new code', () => {
    edit('cli/src/main.ts', 'streaming sales analytics', 'streaming sales analytics, rebuilt');
    const result = run('--help');
    expect(result.stderr).toMatch(/^salesflow: rebuilt in \d+\.\d s \(cli\/src\/main\.ts changed;/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toContain('streaming sales analytics, rebuilt');
  });

  it('rebuilds after a workspace package it bundles changed', () => {
    edit('contract/src/topology.ts', "topic: 'sales-events'", "topic: 'sales-events-renamed'");
    const result = run('publish', '--help');
    expect(result.stderr).toMatch(/^salesflow: rebuilt in .*contract\/src\/topology\.ts changed/);
    expect(result.stdout).toContain('(default: "sales-events-renamed")');
  });

  it('runs the TypeScript sources, saying so, when the sources do not build', () => {
    edit('cli/src/errors.ts', 'export', 'export export');
    const result = run('--help');
    expect(result.code).not.toBe(0);
    const [note] = result.stderr.split('\n');
    expect(note).toMatch(
      /^salesflow: cli\/src\/errors\.ts changed and the build failed \(cli\/src\/errors\.ts:\d+: .+\): running the TypeScript sources$/,
    );
    // Back to the bytes of the last build: that build is current again, nothing to rebuild.
    edit('cli/src/errors.ts', 'export export', 'export');
    expect(run('--help')).toMatchObject({ code: 0, stderr: '' });
  });
});
