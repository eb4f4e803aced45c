import { connect, type Socket } from 'node:net';
import { HttpResponseParser, type ParsedResponse } from './http-response-parser.js';

/** Outcome of one POST: the status, or the network failure that prevented one. */
export type PostResult = { status: number } | { error: Error };

/** Keep a little margin under the server's idle timeout so a reused connection is not closing. */
const IDLE_MARGIN_MS = 1_000;
/** Node's HTTP server closes idle keep-alive connections after 5 s unless it says otherwise. */
const DEFAULT_SERVER_IDLE_MS = 5_000;

/**
 * One keep-alive HTTP/1.1 connection carrying one request at a time. It writes a request as
 * a single pre-serialised buffer and reads no more of the response than its status and framing,
 * which is all a push needs: a fraction of the CPU `http.ClientRequest` spends on a request.
 */
export class HttpConnection {
  private readonly socket: Socket;
  private readonly parser = new HttpResponseParser();
  private answer: ((result: PostResult) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private reusableUntil = Number.POSITIVE_INFINITY;

  /**
   * @param onIdle called when the connection has answered and can carry the next request
   * @param onClose called once when the connection is gone
   */
  constructor(
    port: number,
    host: string,
    private readonly timeoutMs: number,
    private readonly onIdle: (connection: HttpConnection) => void,
    private readonly onClose: (connection: HttpConnection) => void,
  ) {
    this.socket = connect({ port, host, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.onSocketClose());
  }

  /** True while the connection may carry another request (open, idle, not about to time out). */
  get reusable(): boolean {
    return !this.closed && this.answer === undefined && Date.now() < this.reusableUntil;
  }

  /** Sends one request; `answer` receives its outcome exactly once. */
  send(request: Buffer, answer: (result: PostResult) => void): void {
    this.answer = answer;
    this.socket.ref();
    this.timer = setTimeout(
      () => this.fail(new Error(`no answer within ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    this.socket.write(request);
  }

  /** Closes the connection; a request under way fails. */
  destroy(error?: Error): void {
    this.fail(error ?? new Error('connection closed by the client'));
  }

  private onData(chunk: Buffer): void {
    let response: ParsedResponse | undefined;
    try {
      if (!this.answer) throw new Error('the server sent bytes nobody asked for');
      response = this.parser.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (response) this.finish(response);
  }

  private onSocketClose(): void {
    const response = this.answer ? this.parser.end() : undefined;
    if (response) this.finish(response);
    this.fail(new Error('connection closed before the response was complete'));
  }

  private finish(response: ParsedResponse): void {
    const answer = this.answer;
    clearTimeout(this.timer);
    this.answer = undefined;
    this.parser.reset();
    answer?.({ status: response.status });
    if (!response.keepAlive) {
      this.destroy();
      return;
    }
    const idleMs = response.idleTimeoutMs ?? DEFAULT_SERVER_IDLE_MS;
    this.reusableUntil = Date.now() + idleMs - IDLE_MARGIN_MS;
    // An idle connection must not keep the process alive, as with `http.Agent`'s free sockets.
    this.socket.unref();
    this.onIdle(this);
  }

  private fail(error: Error): void {
    const answer = this.answer;
    clearTimeout(this.timer);
    this.answer = undefined;
    answer?.({ error });
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.onClose(this);
  }
}
