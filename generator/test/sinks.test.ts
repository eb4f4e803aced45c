import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { messageAttributes, NdjsonSink, readLines, splitLines } from '../src/index.js';
import { generate } from './fixtures.js';

async function collect(chunks: Buffer[]): Promise<Buffer[]> {
  const lines: Buffer[] = [];
  for await (const line of readLines(Readable.from(chunks))) lines.push(Buffer.from(line));
  return lines;
}

describe('NDJSON sink and reader', () => {
  const messages = generate({ events: 5000, seed: 9, chaos: { invalid: 0.5, duplicates: 0.1 } });

  it('writes every message, valid or not, as exactly one line and reads it back byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salesflow-ndjson-'));
    const path = join(dir, 'out.ndjson');
    const sink = NdjsonSink.toFile(path);
    for (const message of messages) await sink.write(message);
    const report = await sink.close();
    expect(report.published).toBe(messages.length);
    const content = readFileSync(path);
    expect(report.bytes).toBe(content.length);
    const lines = splitLines(content);
    expect(lines).toHaveLength(messages.length);
    lines.forEach((line, index) => expect(line.equals(messages[index]!.data)).toBe(true));
    expect(messages.some((message) => message.kind === 'invalid:non_utf8')).toBe(true);
    expect(messages.some((message) => message.kind === 'invalid:empty')).toBe(true);
  });

  it('splits on newlines; a trailing newline ends the last line, empty lines are empty messages', () => {
    const lines = splitLines(Buffer.from('a\n\nb\n'));
    expect(lines.map(String)).toEqual(['a', '', 'b']);
    expect(splitLines(Buffer.from('a\nb')).map(String)).toEqual(['a', 'b']);
    expect(splitLines(Buffer.alloc(0))).toEqual([]);
  });

  it('reads the same lines from a stream whatever the chunk boundaries', async () => {
    const content = Buffer.concat(
      messages.slice(0, 300).flatMap((message) => [message.data, Buffer.from('\n')]),
    );
    const expected = splitLines(content);
    for (const size of [5, 1000, 65_536]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < content.length; at += size)
        chunks.push(content.subarray(at, at + size));
      const lines = await collect(chunks);
      expect(lines).toHaveLength(expected.length);
      lines.forEach((line, index) => expect(line.equals(expected[index]!)).toBe(true));
    }
    expect((await collect([Buffer.from('x\ny')])).map(String)).toEqual(['x', 'y']);
  });

  it('refuses a message with a newline instead of splitting it', () => {
    const sink = new NdjsonSink(new PassThrough(), false);
    expect(() => sink.write({ data: Buffer.from('{"a":\n1}') })).toThrow(/newline/);
  });

  it('gives attributes: the contract ones for events, best effort with source for broken bytes', () => {
    const valid = messages.find((message) => message.kind === 'valid')!;
    expect(messageAttributes(valid.data, 'generator', valid)).toEqual({
      event_type: valid.event?.event_type,
      schema_version: '1',
      event_time: valid.event?.event_time,
      source: 'generator',
    });
    expect(messageAttributes(valid.data, 'pos-1')).toEqual({
      event_type: valid.event?.event_type,
      schema_version: '1',
      event_time: valid.event?.event_time,
      source: 'pos-1',
    });
    expect(messageAttributes(Buffer.from([0xff, 0x7b]), 'pos-1')).toEqual({ source: 'pos-1' });
    expect(messageAttributes(Buffer.from('[1]'), 'pos-1')).toEqual({ source: 'pos-1' });
  });
});
