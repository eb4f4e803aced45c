import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers.js';

/** The Node flags a process started as `salesflow` runs with, as that process sees them. */
function flagsOfExecutable(): string[] {
  const marker = 'salesflow-exec-argv:';
  const result = spawnSync(BIN, ['--help'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_OPTIONS: `--import=data:text/javascript,console.error('${marker}'+JSON.stringify(process.execArgv))`,
    },
  });
  expect(result.status, result.stderr).toBe(0);
  const line = result.stderr.split('\n').find((text) => text.startsWith(marker));
  expect(line, result.stderr).toBeDefined();
  return JSON.parse(line!.slice(marker.length)) as string[];
}

describe('the salesflow executable', () => {
  it('starts Node with a young generation sized for live mode, as a user or npm start runs it', () => {
    expect(flagsOfExecutable()).toContain('--max-semi-space-size=64');
  });
});
