import { HttpConnection, type PostResult } from './http-connection.js';

export type { PostResult } from './http-connection.js';

/** Header names that are tokens (RFC 9110), as Node's HTTP client requires. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Header values without CR, LF or other control characters, as Node's HTTP client requires. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Framing headers are the poster's business: a caller's copy would conflict with its own. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'host', 'connection']);

interface Waiting {
  request: Buffer;
  answer: (result: PostResult) => void;
}

/**
 * A keep-alive HTTP/1.1 client for POSTing to one local endpoint, at most `maxSockets` requests
 * at a time (one per connection; more wait their turn). Each request goes out as one buffer with
 * the caller's headers, `Host` and `Content-Length`.
 */
export class HttpPoster {
  private readonly port: number;
  private readonly host: string;
  private readonly requestLine: string;
  private readonly idle: HttpConnection[] = [];
  private readonly waiting: Waiting[] = [];
  private readonly open = new Set<HttpConnection>();
  private closed = false;

  constructor(
    endpoint: string,
    private readonly maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:')
      throw new Error(`the push bridge posts to http:// endpoints only, got ${endpoint}`);
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(url.port || 80);
    this.requestLine = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`;
  }

  /** POSTs `body` (UTF-8) with `headers`; resolves with the status or the failure, never rejects. */
  post(headers: Record<string, string>, body: string): Promise<PostResult> {
    let request: Buffer;
    try {
      request = this.serialise(headers, body);
    } catch (error) {
      return Promise.resolve({ error: error as Error });
    }
    return new Promise((answer) => this.dispatch({ request, answer }));
  }

  /** Closes every connection; requests under way or waiting fail. */
  close(): void {
    this.closed = true;
    for (const waiting of this.waiting.splice(0))
      waiting.answer({ error: new Error('the poster is closed') });
    for (const connection of [...this.open]) connection.destroy();
  }

  private serialise(headers: Record<string, string>, body: string): Buffer {
    let head = this.requestLine;
    for (const name in headers) {
      const value = headers[name]!;
      if (!HEADER_NAME.test(name) || FRAMING.has(name.toLowerCase()))
        throw new Error(`invalid header name: ${JSON.stringify(name)}`);
      if (!HEADER_VALUE.test(value))
        throw new Error(`invalid header value for ${name}: ${JSON.stringify(value)}`);
      head += `${name}: ${value}\r\n`;
    }
    const bodyBytes = Buffer.byteLength(body, 'utf8');
    head += `Content-Length: ${bodyBytes}\r\n\r\n`;
    const request = Buffer.allocUnsafe(head.length + bodyBytes);
    request.write(head, 0, 'latin1');
    request.write(body, head.length, 'utf8');
    return request;
  }

  private dispatch(waiting: Waiting): void {
    if (this.closed) {
      waiting.answer({ error: new Error('the poster is closed') });
      return;
    }
    const connection = this.takeIdle() ?? this.connect();
    if (connection) connection.send(waiting.request, waiting.answer);
    else this.waiting.push(waiting);
  }

  private takeIdle(): HttpConnection | undefined {
    // Most recently used first: it is the least likely to have been closed by the server.
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (connection.reusable) return connection;
      connection.destroy();
    }
    return undefined;
  }

  private connect(): HttpConnection | undefined {
    if (this.open.size >= this.maxSockets) return undefined;
    const connection = new HttpConnection(
      this.port,
      this.host,
      this.timeoutMs,
      (idle) => this.release(idle),
      (gone) => this.forget(gone),
    );
    this.open.add(connection);
    return connection;
  }

  private release(connection: HttpConnection): void {
    const next = this.waiting.shift();
    if (next) connection.send(next.request, next.answer);
    else this.idle.push(connection);
  }

  private forget(connection: HttpConnection): void {
    this.open.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    const next = this.waiting.shift();
    if (next) this.dispatch(next);
  }
}
