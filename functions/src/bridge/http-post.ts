import { Agent, request } from 'node:http';

/** Outcome of one POST: the status, or the network failure that prevented one. */
export type PostResult = { status: number } | { error: Error };

/** A keep-alive HTTP client for POSTing to one local endpoint. */
export class HttpPoster {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    endpoint: string,
    maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    this.url = new URL(endpoint);
    if (this.url.protocol !== 'http:')
      throw new Error(`the push bridge posts to http:// endpoints only, got ${endpoint}`);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  post(headers: Record<string, string>, body: string): Promise<PostResult> {
    return new Promise((resolve) => {
      const payload = Buffer.from(body, 'utf8');
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': String(payload.byteLength) },
          timeout: this.timeoutMs,
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
          response.on('error', (error) => resolve({ error }));
        },
      );
      req.on('socket', (socket) => socket.setNoDelay(true));
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ error }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
