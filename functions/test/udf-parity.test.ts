import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBronze, type Landing } from '@salesflow/contract/validation';
import { buildUdf } from '../udf/build.js';
import { runUdfInNashorn, type UdfOutcome } from '../udf/nashorn.js';
import { loadUdfInVm } from '../udf/vm.js';
import {
  handMadeMutations,
  hostileMessages,
  mutatedCorpus,
  type CorpusMessage,
} from '@salesflow/contract/testing';
import { createGenerator } from '@salesflow/generator';

/**
 * One corpus through the three ways a message reaches Bronze: the function's `toBronze`, the UDF
 * in a bare Node `vm`, and the UDF in Nashorn (the Dataflow template's engine).
 *
 * Encoding caveat: the function rejects invalid UTF-8 as `invalid_encoding`; Dataflow decodes it
 * to U+FFFD before the UDF runs, so the UDF rejects the same message for another reason (the
 * contract forbids U+FFFD in text, and outside strings it is invalid JSON). Only the reason differs.
 *
 * Engine caveat: Nashorn's recursive JSON parser overflows on nesting thousands of levels deep and
 * reports invalid JSON where V8 parses and the schema rejects; again only the reason differs.
 */
const NASHORN_PARSER_DEPTH = 1000;
const corpus: CorpusMessage[] = [
  ...generatorMessages(1200, 5),
  ...mutatedCorpus(800, 0.4, 23),
  ...hostileMessages(),
  ...handMadeMutations(),
];
const INGESTED_AT = '2026-06-01T12:00:00.000Z';

/** `count` messages from the project's generator, its chaos (invalid messages included) on. */
function generatorMessages(count: number, seed: number): CorpusMessage[] {
  const generator = createGenerator({
    seed,
    events: count,
    from: Date.parse('2026-01-01T00:00:00Z'),
    to: Date.parse('2026-05-01T00:00:00Z'),
    chaos: { duplicates: 0.02, invalid: 0.25, late: 0.05, outOfOrder: 0.02 },
  });
  return [...generator].map((message, index) => ({
    name: `generator #${index} (${message.kind})`,
    data: message.data,
  }));
}
const javaStyleDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

let workDir = '';
let udfPath = '';
let functionLandings: Landing[] = [];
let vmOutcomes: UdfOutcome[] = [];

const textOf = (data: Uint8Array | string): string =>
  typeof data === 'string' ? data : javaStyleDecoder.decode(data);

/** The part of a row both paths must agree on. */
function sharedColumns(row: Record<string, unknown>): Record<string, unknown> {
  const {
    message_id: _m,
    publish_time: _p,
    attributes: _a,
    ingested_at: _i,
    ingest_path: _path,
    ...rest
  } = row;
  return rest;
}

/** Reason and issue pairs out of a UDF error: `reason: [issues]`, maybe wrapped by the engine. */
function parseUdfError(error: string): { reason: string; issues: string[] } {
  const match = /^(?:Error: )?([a-z_]+): (\[.*\])(?: in <eval> at line number \d+.*)?$/s.exec(
    error,
  );
  if (match === null) throw new Error(`unexpected UDF error text: ${error.slice(0, 300)}`);
  const issues = JSON.parse(match[2] as string) as Array<{ path: string; code: string }>;
  return { reason: match[1] as string, issues: issues.map((i) => `${i.path} ${i.code}`).sort() };
}

/** Deepest bracket nesting of JSON-ish text, ignoring brackets inside strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}

function expectSameOutcome(message: CorpusMessage, landing: Landing, outcome: UdfOutcome): void {
  if (landing.kind === 'event') {
    expect(outcome.ok, message.name).toBe(true);
    if (!outcome.ok) return;
    const row = JSON.parse(outcome.output) as Record<string, unknown>;
    expect(sharedColumns(row), message.name).toEqual(sharedColumns({ ...landing.row }));
    expect(row['payload'], message.name).toBe(landing.row.payload);
    expect(row['ingest_path']).toBe('dataflow');
    expect([row['message_id'], row['publish_time'], row['attributes']]).toEqual([null, null, null]);
    return;
  }
  expect(outcome.ok, message.name).toBe(false);
  if (outcome.ok) return;
  const { reason, issues } = parseUdfError(outcome.error);
  const expectedIssues = (
    JSON.parse(landing.row.error_details ?? '[]') as Array<{ path: string; code: string }>
  )
    .map((i) => `${i.path} ${i.code}`)
    .sort();
  if (landing.row.error_reason === 'invalid_encoding' && expectedIssues[0] === '$ invalid_utf8') {
    expect(['schema_violation', 'invalid_json', 'payload_too_large'], message.name).toContain(
      reason,
    );
    return;
  }
  if (reason === 'invalid_json' && nestingDepth(textOf(message.data)) > NASHORN_PARSER_DEPTH)
    return;
  expect(reason, message.name).toBe(landing.row.error_reason);
  expect(issues, message.name).toEqual(expectedIssues);
}

beforeAll(async () => {
  const source = await buildUdf();
  workDir = mkdtempSync(join(tmpdir(), 'salesflow-udf-'));
  udfPath = join(workDir, 'transform.js');
  writeFileSync(udfPath, source);
  // The UDF reads the clock, so the function path does too: both judge "the future" alike.
  functionLandings = corpus.map((message) =>
    toBronze(
      {
        data: message.data,
        messageId: '1',
        publishTime: INGESTED_AT,
        attributes: { source: 'test' },
      },
      INGESTED_AT,
      'function',
    ),
  );
  const udf = loadUdfInVm(source);
  vmOutcomes = corpus.map((message) => udf(textOf(message.data)));
});

afterAll(() => {
  if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
});

describe('function path and Dataflow UDF write the same Bronze rows', () => {
  it('covers enough valid and invalid messages', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(2000);
    const events = functionLandings.filter((landing) => landing.kind === 'event').length;
    expect(events).toBeGreaterThan(1500);
    expect(corpus.length - events).toBeGreaterThan(1000);
  });

  it('in a bare Node vm', () => {
    corpus.forEach((message, index) => {
      expectSameOutcome(
        message,
        functionLandings[index] as Landing,
        vmOutcomes[index] as UdfOutcome,
      );
    });
  });

  it('in Nashorn 15.4 with --language=es6', async () => {
    // Raw bytes go to Java, which decodes them as the template does.
    const outcomes = await runUdfInNashorn(
      udfPath,
      corpus.map((message) => message.data),
    );
    corpus.forEach((message, index) => {
      expectSameOutcome(message, functionLandings[index] as Landing, outcomes[index] as UdfOutcome);
    });
  }, 240_000);
});
