import { Pool, type Dispatcher } from 'undici';

/** Outcome of one POST: the status, or the failure that prevented one. */
export type PostResult = { status: number } | { error: Error };

/**
 * POSTs to one local endpoint over keep-alive HTTP/1.1 connections — undici's `Pool`, one request
 * per connection at a time, at most `maxSockets` connections; more requests wait in its queue.
 * The response body is read and dropped: a push needs only the status.
 */
export class HttpPoster {
  private readonly pool: Pool;
  private readonly path: string;

  /** @param timeoutMs how long a request may wait for its response head (and between body chunks) */
  constructor(endpoint: string, maxSockets: number, timeoutMs: number) {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:')
      throw new Error(`the push bridge posts to http:// endpoints only, got ${endpoint}`);
    this.path = `${url.pathname}${url.search}`;
    this.pool = new Pool(url.origin, {
      connections: maxSockets,
      pipelining: 1,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /** POSTs `body` (UTF-8) with `headers`; resolves with the status or the failure, never rejects. */
  post(headers: Readonly<Record<string, string>>, body: string): Promise<PostResult> {
    return new Promise((resolve) => {
      const handler = new StatusOnly(resolve);
      try {
        // Dispatched with a handler that keeps only the status: `request` would wrap every
        // response in a readable stream just to drop its body.
        this.pool.dispatch({ path: this.path, method: 'POST', headers, body }, handler);
      } catch (error) {
        handler.onResponseError(undefined, error as Error);
      }
    });
  }

  /** Closes every connection; requests under way or waiting fail. */
  close(): void {
    this.pool.destroy().catch(() => undefined);
  }
}

/** Receives one response: its status once the body has been read to the end, or the failure. */
class StatusOnly implements Dispatcher.DispatchHandler {
  private status = 0;

  constructor(private readonly settle: (result: PostResult) => void) {}

  onRequestStart(): void {
    // Nothing to do; its presence marks the handler as one of undici's current interface.
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {
    // The body is dropped as it arrives.
  }

  onResponseEnd(): void {
    this.settle({ status: this.status });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.settle({ error: error instanceof Error ? error : new Error(String(error)) });
  }
}
