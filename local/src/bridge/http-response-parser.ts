/** A complete HTTP response as far as the poster cares: its status and whether the connection stays open. */
export interface ParsedResponse {
  status: number;
  /** The server keeps the connection open for the next request. */
  keepAlive: boolean;
  /** How long the server keeps an idle connection open (its `Keep-Alive: timeout=N` hint), if it said. */
  idleTimeoutMs: number | undefined;
}

/** The bytes on the connection are not an HTTP/1.x response. */
export class HttpProtocolError extends Error {
  override readonly name = 'HttpProtocolError';
}

const CR = 0x0d;
const LF = 0x0a;
const MAX_HEAD_BYTES = 64 * 1024;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;
const HEX = /^[0-9a-fA-F]+$/;

type State =
  | 'head'
  | 'length'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-data-end'
  | 'trailer'
  | 'until-close'
  | 'done';

/**
 * Incremental parser of the responses on one keep-alive HTTP/1.1 connection without pipelining:
 * feed it the bytes as they arrive and it reports the response once its body has been read in
 * full (Content-Length, chunked, or up to the end of the connection). Body bytes are skipped, not
 * kept: the poster only needs the status.
 */
export class HttpResponseParser {
  private state: State = 'head';
  private pendingHead: Buffer | undefined;
  private line = '';
  private remaining = 0;
  private response: ParsedResponse | undefined;

  /** Starts on the next response, after the previous one was reported. */
  reset(): void {
    this.state = 'head';
    this.pendingHead = undefined;
    this.line = '';
    this.remaining = 0;
    this.response = undefined;
  }

  /**
   * Parses the next bytes. Returns the response when these bytes complete it, else `undefined`.
   * Throws {@link HttpProtocolError} on malformed input or on bytes past the end of the response.
   */
  push(chunk: Buffer): ParsedResponse | undefined {
    let offset = 0;
    while (offset < chunk.length) {
      switch (this.state) {
        case 'head':
          offset = this.readHead(chunk, offset);
          break;
        case 'length':
        case 'chunk-data': {
          // Body bytes are counted, not kept: the bridge only needs the status.
          const taken = Math.min(this.remaining, chunk.length - offset);
          this.remaining -= taken;
          offset += taken;
          if (this.remaining === 0)
            this.state = this.state === 'length' ? 'done' : 'chunk-data-end';
          break;
        }
        case 'chunk-size':
        case 'trailer':
        case 'chunk-data-end':
          offset = this.readLine(chunk, offset);
          break;
        case 'until-close':
          offset = chunk.length;
          break;
        case 'done':
          throw new HttpProtocolError('unexpected bytes after the end of the response');
      }
    }
    return this.state === 'done' ? this.response : undefined;
  }

  /** The connection ended: returns the response if it was delimited by the end of the connection. */
  end(): ParsedResponse | undefined {
    if (this.state === 'until-close' || this.state === 'done') return this.response;
    return undefined;
  }

  private readHead(chunk: Buffer, offset: number): number {
    const carried = this.pendingHead;
    const bytes = carried ? Buffer.concat([carried, chunk.subarray(offset)]) : chunk;
    const start = carried ? 0 : offset;
    const end = bytes.indexOf('\r\n\r\n', start, 'latin1');
    if (end < 0) {
      if (bytes.length - start > MAX_HEAD_BYTES)
        throw new HttpProtocolError('response head too large');
      this.pendingHead = Buffer.from(bytes.subarray(start));
      return chunk.length;
    }
    this.pendingHead = undefined;
    this.startBody(bytes.toString('latin1', start, end));
    const consumed = end + 4 - start;
    return carried ? offset + consumed - carried.length : offset + consumed;
  }

  private startBody(head: string): void {
    const lines = head.split('\r\n');
    const status = STATUS_LINE.exec(lines[0] ?? '');
    if (!status) throw new HttpProtocolError(`not an HTTP/1.x status line: ${lines[0]}`);
    const minor = status[1];
    const code = Number(status[2]);
    let contentLength: number | undefined;
    let chunked = false;
    let connection = '';
    let idleTimeoutMs: number | undefined;
    for (let i = 1; i < lines.length; i += 1) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpProtocolError(`malformed header line: ${line}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d+$/.test(value)) throw new HttpProtocolError(`bad Content-Length: ${value}`);
        const length = Number(value);
        if (contentLength !== undefined && contentLength !== length)
          throw new HttpProtocolError('conflicting Content-Length headers');
        contentLength = length;
      } else if (name === 'transfer-encoding') {
        chunked = value.toLowerCase().split(',').pop()?.trim() === 'chunked';
      } else if (name === 'connection') {
        connection += `,${value.toLowerCase()}`;
      } else if (name === 'keep-alive') {
        const timeout = /(?:^|,)\s*timeout=(\d+)/i.exec(value);
        if (timeout) idleTimeoutMs = Number(timeout[1]) * 1_000;
      }
    }
    const tokens = connection.split(',').map((token) => token.trim());
    const keepAlive = minor === '1' ? !tokens.includes('close') : tokens.includes('keep-alive');
    if (code >= 100 && code < 200) {
      // An interim response (e.g. 100 Continue): the final one follows on the same connection.
      if (code === 101) throw new HttpProtocolError('unexpected protocol switch');
      return;
    }
    this.response = { status: code, keepAlive, idleTimeoutMs };
    if (code === 204 || code === 304) this.state = 'done';
    else if (chunked) this.state = 'chunk-size';
    else if (contentLength !== undefined) {
      this.remaining = contentLength;
      this.state = contentLength === 0 ? 'done' : 'length';
    } else {
      this.response.keepAlive = false;
      this.state = 'until-close';
    }
  }

  /** Reads one CRLF-terminated line of the chunked framing (sizes, chunk ends, trailers). */
  private readLine(chunk: Buffer, offset: number): number {
    const lf = chunk.indexOf(LF, offset);
    const stop = lf < 0 ? chunk.length : lf + 1;
    this.line += chunk.toString('latin1', offset, stop);
    if (this.line.length > MAX_HEAD_BYTES) throw new HttpProtocolError('chunk framing too long');
    if (lf < 0) return stop;
    const line = this.line.endsWith('\r\n') ? this.line.slice(0, -2) : undefined;
    this.line = '';
    if (line === undefined || line.includes(String.fromCharCode(CR)))
      throw new HttpProtocolError('malformed chunk framing');
    if (this.state === 'chunk-data-end') {
      if (line !== '') throw new HttpProtocolError('chunk longer than its size');
      this.state = 'chunk-size';
    } else if (this.state === 'chunk-size') {
      const size = line.split(';')[0]!.trim();
      if (!HEX.test(size)) throw new HttpProtocolError(`bad chunk size: ${size}`);
      this.remaining = parseInt(size, 16);
      this.state = this.remaining === 0 ? 'trailer' : 'chunk-data';
    } else if (line === '') {
      this.state = 'done';
    }
    return stop;
  }
}
