import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers.js';

/** The Node flags and environment a process started as `salesflow` runs with, as it sees them. */
function startOfExecutable(): { flags: string[]; env: Record<string, string> } {
  const marker = 'salesflow-exec-argv:';
  const result = spawnSync(BIN, ['--help'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_OPTIONS: `--import=data:text/javascript,console.error('${marker}'+JSON.stringify({flags:process.execArgv,env:process.env}))`,
    },
  });
  expect(result.status, result.stderr).toBe(0);
  const line = result.stderr.split('\n').find((text) => text.startsWith(marker));
  expect(line, result.stderr).toBeDefined();
  return JSON.parse(line!.slice(marker.length)) as { flags: string[]; env: Record<string, string> };
}

describe('the salesflow executable', () => {
  it('starts Node with a young generation sized for live mode, as a user or npm start runs it', () => {
    expect(startOfExecutable().flags).toContain('--max-semi-space-size=64');
  });

  it("exposes V8's collector, so a live stream can ask for full collections", () => {
    expect(startOfExecutable().flags).toContain('--expose-gc');
  });

  it('tells glibc to keep few arenas and give freed memory back', () => {
    expect(startOfExecutable().env).toMatchObject({
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: '131072',
      MALLOC_TRIM_THRESHOLD_: '131072',
    });
  });
});
