import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpPoster, type PostResult } from '../src/bridge/http-post.js';

const servers: { close(): void }[] = [];
const posters: HttpPoster[] = [];
afterEach(() => {
  for (const poster of posters.splice(0)) poster.close();
  for (const server of servers.splice(0)) server.close();
});

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
  connection: Socket;
}

/** A real Node HTTP server answering each request with `respond`; records what it received. */
async function httpServer(
  respond: (received: Received, res: ServerResponse) => void,
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        connection: req.socket,
      };
      received.push(entry);
      respond(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, server };
}

/** A raw TCP server that answers every request with `bytes`. */
async function rawServer(bytes: string): Promise<string> {
  const server = createTcpServer((socket) => {
    socket.once('data', () => socket.write(Buffer.from(bytes, 'latin1')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function poster(url: string, maxSockets = 4, timeoutMs = 5_000): HttpPoster {
  const created = new HttpPoster(url, maxSockets, timeoutMs);
  posters.push(created);
  return created;
}

const status = (result: PostResult) => ('status' in result ? result.status : result.error.message);

describe('HttpPoster', () => {
  it('POSTs the caller headers and the UTF-8 body exactly to the endpoint path', async () => {
    const { url, received } = await httpServer((_, res) => res.writeHead(204).end());
    const body = JSON.stringify({ message: { data: 'e30=', note: 'Zürich – 東京 🎉' } });
    const endpoint = new URL('projects/p/topics/sales-events?x=1', url).href;
    const result = await poster(endpoint).post(
      { 'content-type': 'application/json', 'user-agent': 'APIs-Google' },
      body,
    );
    expect(result).toEqual({ status: 204 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/projects/p/topics/sales-events?x=1',
      body,
    });
    expect(received[0]!.headers).toMatchObject({
      host: new URL(url).host,
      'content-type': 'application/json',
      'user-agent': 'APIs-Google',
      'content-length': String(Buffer.byteLength(body)),
    });
  });

  it('reports error statuses and keeps using the same connection after responses with bodies', async () => {
    let calls = 0;
    const { url, received } = await httpServer((_, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
      else if (calls === 2) {
        // Chunked: no Content-Length, the body written in parts.
        res.writeHead(503);
        res.write('part one, ');
        setTimeout(() => res.end('part two'), 5);
      } else res.writeHead(200).end('ok');
    });
    const client = poster(url, 1);
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(status(await client.post({}, `{"n":${i}}`)));
    expect(results).toEqual([500, 503, 200]);
    expect(new Set(received.map((entry) => entry.connection)).size).toBe(1);
  });

  it('opens a new connection after the server asked to close one', async () => {
    const { url, received } = await httpServer((_, res) =>
      res.writeHead(200, { connection: 'close' }).end(),
    );
    const client = poster(url, 1);
    expect(await client.post({}, '{}')).toEqual({ status: 200 });
    expect(await client.post({}, '{}')).toEqual({ status: 200 });
    expect(received[0]!.connection).not.toBe(received[1]!.connection);
  });

  it('does not reuse a connection the server is about to close for idleness', async () => {
    const { url, received, server } = await httpServer((_, res) => res.writeHead(204).end());
    // Node advertises `Keep-Alive: timeout=1`: too short to trust the connection with another request.
    server.keepAliveTimeout = 1_000;
    const client = poster(url, 1);
    expect(await client.post({}, '{}')).toEqual({ status: 204 });
    expect(await client.post({}, '{}')).toEqual({ status: 204 });
    expect(received[0]!.connection).not.toBe(received[1]!.connection);
  });

  it('recovers when the server dropped an idle connection', async () => {
    const { url, received } = await httpServer((_, res) => res.writeHead(204).end());
    const client = poster(url, 1);
    expect(await client.post({}, '{}')).toEqual({ status: 204 });
    received[0]!.connection.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await client.post({}, '{}')).toEqual({ status: 204 });
    expect(received).toHaveLength(2);
  });

  it('never has more than maxSockets requests open at once and answers them all', async () => {
    let open = 0;
    let peak = 0;
    const { url } = await httpServer((_, res) => {
      open += 1;
      peak = Math.max(peak, open);
      setTimeout(() => {
        open -= 1;
        res.writeHead(204).end();
      }, 10);
    });
    const client = poster(url, 3);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.post({}, '{}')));
    expect(results.map(status)).toEqual(Array(20).fill(204));
    expect(peak).toBe(3);
  });

  it('fails a request the server does not answer in time', async () => {
    const { url } = await httpServer(() => undefined);
    const started = Date.now();
    const result = await poster(url, 1, 200).post({}, '{}');
    expect('error' in result).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fails a request the server answers with something other than HTTP', async () => {
    const url = await rawServer('SSH-2.0-OpenSSH_9.6\r\n\r\n');
    expect('error' in (await poster(url).post({}, '{}'))).toBe(true);
  });

  it('fails a request when nothing listens', async () => {
    const { url, server } = await httpServer((_, res) => res.end());
    await new Promise((resolve) => server.close(resolve));
    expect(status(await poster(url).post({}, '{}'))).toMatch(/ECONNREFUSED/);
  });

  it.each([
    ['a header value with CR LF', { 'ce-id': '1\r\nx-injected: yes' }],
    ['a header name with a space', { 'bad name': 'x' }],
  ])('refuses %s without sending anything', async (_, headers) => {
    const { url, received } = await httpServer((_, res) => res.end());
    expect('error' in (await poster(url).post(headers, '{}'))).toBe(true);
    expect(received).toHaveLength(0);
  });

  it('refuses an endpoint that is not plain http', () => {
    expect(() => new HttpPoster('https://127.0.0.1:1/', 1, 1_000)).toThrow(/http:\/\/ endpoints/);
  });

  it('fails requests under way and waiting when closed', async () => {
    const { url } = await httpServer(() => undefined);
    const client = poster(url, 1);
    const pending = [client.post({}, '{}'), client.post({}, '{}')];
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.close();
    const results = await Promise.all(pending);
    expect(results.every((result) => 'error' in result)).toBe(true);
  });
});
