import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createZip } from '../src/artifacts/zip.js';

const work = mkdtempSync(join(tmpdir(), 'salesflow-zip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const entries = [
  { name: 'package.json', data: Buffer.from('{"name":"x"}\n') },
  { name: 'lib/index.js', data: Buffer.from('export const answer = 42;\n'.repeat(200)) },
  { name: 'empty.txt', data: Buffer.alloc(0) },
];

describe('deterministic zip', () => {
  it('is read back byte for byte by the standard unzip tool', () => {
    const path = join(work, 'a.zip');
    writeFileSync(path, createZip(entries));
    const test = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
    expect(test.stdout).toContain('No errors detected');
    const out = join(work, 'extracted');
    expect(spawnSync('unzip', ['-q', path, '-d', out]).status).toBe(0);
    for (const entry of entries) expect(readFileSync(join(out, entry.name))).toEqual(entry.data);
  });

  it('gives the same bytes for the same files in any order, and different bytes for other content', () => {
    const a = createZip(entries);
    const b = createZip([...entries].reverse());
    expect(b.equals(a)).toBe(true);
    const changed = createZip([
      ...entries.slice(1),
      { name: 'package.json', data: Buffer.from('{"name":"y"}\n') },
    ]);
    expect(changed.equals(a)).toBe(false);
  });

  it('rejects names that would escape the archive and duplicate entries', () => {
    expect(() => createZip([{ name: '../evil.js', data: Buffer.alloc(1) }])).toThrow(
      /relative path/,
    );
    expect(() => createZip([{ name: '/abs.js', data: Buffer.alloc(1) }])).toThrow(/relative path/);
    expect(() => createZip([entries[0]!, entries[0]!])).toThrow(/appears twice/);
  });
});
