import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { MessageSink, OutboundMessage, SinkReport } from './sink.js';

const NEWLINE = 0x0a;
const FLUSH_BYTES = 1 << 20;

/**
 * Writes one message per line: a line is the message's raw bytes, which may be any bytes except
 * `\n`, followed by `\n`. Invalid UTF-8 and empty messages survive byte for byte; a message that
 * contains `\n` cannot be represented and is refused with an error rather than split.
 */
export class NdjsonSink implements MessageSink {
  #chunks: Buffer[] = [];
  #pending = 0;
  #lines = 0;
  #bytes = 0;

  constructor(
    readonly stream: Writable,
    /** End the stream on close (files yes, stdout no). */
    readonly endOnClose: boolean,
  ) {}

  /** A sink writing to a new file (truncated if it exists). */
  static toFile(path: string): NdjsonSink {
    return new NdjsonSink(createWriteStream(path), true);
  }

  write(message: OutboundMessage): Promise<void> | undefined {
    if (message.data.includes(NEWLINE)) {
      throw new Error('a message containing a newline byte cannot be written as one NDJSON line');
    }
    this.#chunks.push(message.data, NEWLINE_BUFFER);
    this.#pending += message.data.length + 1;
    this.#lines += 1;
    if (this.#pending >= FLUSH_BYTES) return this.#flush();
    return undefined;
  }

  async close(): Promise<SinkReport> {
    await this.#flush();
    if (this.endOnClose) {
      this.stream.end();
      await once(this.stream, 'finish');
    }
    return { published: this.#lines, failed: 0, bytes: this.#bytes, errors: [] };
  }

  #flush(): Promise<void> | undefined {
    if (this.#chunks.length === 0) return undefined;
    const chunk = Buffer.concat(this.#chunks, this.#pending);
    this.#bytes += chunk.length;
    this.#chunks = [];
    this.#pending = 0;
    if (this.stream.write(chunk)) return undefined;
    return once(this.stream, 'drain').then(() => undefined);
  }
}

const NEWLINE_BUFFER = Buffer.from([NEWLINE]);

/**
 * Splits NDJSON bytes into messages: on every `\n`; a final `\n` ends the last line and does not
 * start an empty one. Empty lines in between are empty messages.
 */
export function splitLines(content: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (;;) {
    const end = content.indexOf(NEWLINE, start);
    if (end < 0) break;
    lines.push(content.subarray(start, end));
    start = end + 1;
  }
  if (start < content.length) lines.push(content.subarray(start));
  return lines;
}

/**
 * Streams messages out of NDJSON bytes with the same rule as {@link splitLines}, chunk by chunk,
 * so a file of any size is read in constant memory.
 */
export async function* readLines(
  chunks: AsyncIterable<Buffer | string>,
): AsyncGenerator<Buffer, void, undefined> {
  // Pieces of a line that spans chunks; joined once when the line ends (linear in its length).
  let carry: Buffer[] = [];
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(NEWLINE, start);
      if (end < 0) break;
      if (carry.length === 0) {
        yield bytes.subarray(start, end);
      } else {
        carry.push(bytes.subarray(start, end));
        yield Buffer.concat(carry);
        carry = [];
      }
      start = end + 1;
    }
    if (start < bytes.length) carry.push(bytes.subarray(start));
  }
  if (carry.length > 0) yield Buffer.concat(carry);
}
