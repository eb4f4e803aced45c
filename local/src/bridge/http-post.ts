import { Pool } from 'undici';

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
  async post(headers: Record<string, string>, body: string): Promise<PostResult> {
    try {
      const response = await this.pool.request({ path: this.path, method: 'POST', headers, body });
      await response.body.dump();
      return { status: response.statusCode };
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  /** Closes every connection; requests under way or waiting fail. */
  close(): void {
    this.pool.destroy().catch(() => undefined);
  }
}
