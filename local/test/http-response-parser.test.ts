import { describe, expect, it } from 'vitest';
import { HttpProtocolError, HttpResponseParser } from '../src/bridge/http-response-parser.js';

/** Feeds `text` to a fresh parser in pieces of `step` bytes; returns what each push reported. */
function feed(text: string, step = text.length): ReturnType<HttpResponseParser['push']>[] {
  const parser = new HttpResponseParser();
  const bytes = Buffer.from(text, 'latin1');
  const results = [];
  for (let at = 0; at < bytes.length; at += step)
    results.push(parser.push(bytes.subarray(at, at + step)));
  return results;
}

const completed = (text: string, step?: number) => {
  const results = feed(text, step);
  expect(results.slice(0, -1).every((result) => result === undefined)).toBe(true);
  return results.at(-1);
};

describe('HTTP response parser', () => {
  it('reads a 204 without a body, with the server idle timeout hint', () => {
    expect(
      completed(
        'HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n',
      ),
    ).toEqual({ status: 204, keepAlive: true, idleTimeoutMs: 5_000 });
  });

  it.each([1, 3, 1_000])('skips a Content-Length body fed %i bytes at a time', (step) => {
    const body = 'x'.repeat(300);
    expect(
      completed(
        `HTTP/1.1 500 Internal Server Error\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        step,
      ),
    ).toEqual({ status: 500, keepAlive: true, idleTimeoutMs: undefined });
  });

  it.each([1, 7, 1_000])(
    'skips a chunked body with extensions and trailers, %i bytes at a time',
    (step) => {
      const response =
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n';
      expect(completed(response, step)).toEqual({
        status: 200,
        keepAlive: true,
        idleTimeoutMs: undefined,
      });
    },
  );

  it('waits for the final response after an interim 100 Continue', () => {
    expect(
      completed('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n'),
    ).toEqual({
      status: 202,
      keepAlive: true,
      idleTimeoutMs: undefined,
    });
  });

  it('honours Connection: close and HTTP/1.0 keep-alive rules', () => {
    expect(
      completed('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
    ).toMatchObject({
      keepAlive: false,
    });
    expect(completed('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).toMatchObject({
      keepAlive: false,
    });
    expect(
      completed('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n'),
    ).toMatchObject({ keepAlive: true });
  });

  it('completes a response without length only when the connection ends', () => {
    const parser = new HttpResponseParser();
    expect(parser.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome body'))).toBeUndefined();
    expect(parser.end()).toEqual({ status: 200, keepAlive: false, idleTimeoutMs: undefined });
  });

  it('reports an incomplete response as incomplete when the connection ends', () => {
    const parser = new HttpResponseParser();
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    expect(parser.end()).toBeUndefined();
  });

  it('parses the next response after a reset', () => {
    const parser = new HttpResponseParser();
    expect(parser.push(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'))).toMatchObject({
      status: 204,
    });
    parser.reset();
    expect(
      parser.push(Buffer.from('HTTP/1.1 503 Busy\r\nContent-Length: 1\r\n\r\n!')),
    ).toMatchObject({
      status: 503,
    });
  });

  it.each([
    ['a non-HTTP status line', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a malformed header', 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n'],
    [
      'conflicting Content-Lengths',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
    ],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    [
      'a chunk longer than its size',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n',
    ],
    ['bytes after the response', 'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'],
  ])('refuses %s', (_, text) => {
    expect(() => feed(text)).toThrow(HttpProtocolError);
  });

  it('refuses a response head that never ends', () => {
    const parser = new HttpResponseParser();
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\n'));
    expect(() => {
      for (let i = 0; i < 100; i += 1)
        parser.push(Buffer.from(`X-Filler-${i}: ${'y'.repeat(1_000)}\r\n`));
    }).toThrow(/too large/);
  });
});
