/** Lint pass: every model and singular test is clean under the project's sqlfluff rules. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DBT_PROJECT_DIR, dbtVenvBin } from './support/dbt-runner.js';

interface LintedFile {
  filepath: string;
  violations: { code: string; description: string; start_line_no?: number }[];
}

function lint(paths: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(dbtVenvBin('sqlfluff'), ['lint', ...paths, '--format', 'json', '--processes', '1', '--nofail'], {
      cwd: DBT_PROJECT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

describe('sqlfluff', () => {
  it('finds no violations in models and singular tests', async () => {
    const result = await lint(['models', 'data-tests']);
    const files = JSON.parse(result.stdout) as LintedFile[];
    expect(files.length).toBeGreaterThanOrEqual(30);
    const violations = files.flatMap((file) =>
      file.violations.map((v) => `${file.filepath}:${v.start_line_no ?? 0} ${v.code} ${v.description}`),
    );
    expect(violations).toEqual([]);
  }, 600_000);
});
