import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { SALES_EVENTS_TABLE } from '@salesflow/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUdf, UDF_FUNCTION_NAME, UDF_OUTPUT, writeUdf } from '../udf/build.js';
import { loadUdfInVm } from '../udf/vm.js';
import { contractExamples, handMadeMutations } from '@salesflow/contract/testing';

let source = '';

beforeAll(async () => {
  source = await buildUdf();
});

describe('UDF build', () => {
  it('is deterministic and is what build:udf writes', async () => {
    expect(await buildUdf()).toBe(source);
    await writeUdf();
    expect(readFileSync(UDF_OUTPUT, 'utf8')).toBe(source);
  });

  it('is plain ES5 script syntax, ASCII only, and carries no schema library', () => {
    expect(() => parse(source, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
    expect(/^[\x00-\x7f]*$/.test(source)).toBe(true);
    expect(source).not.toMatch(/zod|require\(|process\.|Buffer|TextDecoder/);
  });

  it('defines a global transform that turns a valid payload into a Bronze row', () => {
    const udf = loadUdfInVm(source, UDF_FUNCTION_NAME);
    for (const { name, event } of contractExamples()) {
      const outcome = udf(JSON.stringify(event));
      expect(outcome.ok, name).toBe(true);
      if (!outcome.ok) continue;
      const row = JSON.parse(outcome.output) as Record<string, unknown>;
      expect(Object.keys(row)).toEqual(SALES_EVENTS_TABLE.columns.map((column) => column.name));
      expect(row['event_id']).toBe(event['event_id']);
      expect(row['event_time']).toBe(new Date(event['event_time'] as string).toISOString());
      expect(JSON.parse(row['payload'] as string)).toEqual(event);
      expect([
        row['message_id'],
        row['publish_time'],
        row['attributes'],
        row['ingest_path'],
      ]).toEqual([null, null, null, 'dataflow']);
      expect(new Date(row['ingested_at'] as string).toISOString()).toBe(row['ingested_at']);
    }
  });

  it('throws with the reject reason and the issues for invalid payloads', () => {
    const udf = loadUdfInVm(source, UDF_FUNCTION_NAME);
    const outcome = udf('{"schema_version":1}');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.startsWith('schema_violation: [')).toBe(true);
    const issues = JSON.parse(outcome.error.slice('schema_violation: '.length)) as Array<{
      path: string;
    }>;
    expect(issues.map((issue) => issue.path)).toContain('$.event_id');
    expect(udf('not json')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid_json: /) as unknown,
    });
  });

  it('needs no built-in newer than ES5 (plus Set) on any corpus path', () => {
    const modern = loadUdfInVm(source, UDF_FUNCTION_NAME);
    const es5 = loadUdfInVm(source, UDF_FUNCTION_NAME, true);
    const decode = new TextDecoder('utf-8', { ignoreBOM: true });
    for (const message of handMadeMutations()) {
      const text = typeof message.data === 'string' ? message.data : decode.decode(message.data);
      const a = modern(text);
      const b = es5(text);
      expect(b.ok, message.name).toBe(a.ok);
      if (a.ok && b.ok)
        expect(JSON.parse(b.output).payload, message.name).toBe(JSON.parse(a.output).payload);
      if (!a.ok && !b.ok) expect(b.error, message.name).toBe(a.error);
    }
  });
});
