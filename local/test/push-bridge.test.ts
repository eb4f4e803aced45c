import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { TOPOLOGY } from '@salesflow/contract';
import { PushBridge } from '../src/bridge/push-bridge.js';
import { startEmulator } from '../src/pubsub/emulator.js';
import { emulatorClient, ensureTopology } from '../src/pubsub/topology.js';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The emulator with the salesflow topology, and a client of it; no bridge runs yet. */
async function localPubSub() {
  const emulator = await startEmulator({ projectId: 'salesflow-test' });
  closers.push(() => emulator.stop());
  const pubsub = emulatorClient(emulator.host, emulator.projectId);
  closers.push(() => pubsub.close());
  await ensureTopology(pubsub);
  return { pubsub, projectId: emulator.projectId };
}

/** A bridge from the emulator's ingest subscription to `endpoint`, ten pushes at a time. */
function bridgeTo(emulator: Awaited<ReturnType<typeof localPubSub>>, endpoint: string): PushBridge {
  return new PushBridge({
    pubsub: emulator.pubsub,
    origin: {
      projectId: emulator.projectId,
      topic: TOPOLOGY.topic,
      subscription: TOPOLOGY.ingestSubscription,
    },
    endpoint,
    maxInFlight: 10,
    retryBackoff: { minimumMs: 100, maximumMs: 100 },
    requestTimeoutMs: 10_000,
  });
}

/**
 * A push endpoint that answers requests in rounds: it holds each request until `round` of them
 * are waiting, then answers them all with 204. Records the message ids of each round.
 */
async function roundsServer(round: number): Promise<{ url: string; rounds: string[][] }> {
  const rounds: string[][] = [];
  let waiting: { id: string; res: ServerResponse }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const push = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        message: { messageId: string };
      };
      waiting.push({ id: push.message.messageId, res });
      if (waiting.length < round) return;
      rounds.push(waiting.map((entry) => entry.id));
      for (const entry of waiting) entry.res.writeHead(204).end();
      waiting = [];
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => (server.closeAllConnections(), server.close()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, rounds };
}

describe('PushBridge', () => {
  it('pushes a backlog oldest first, although the emulator hands it out in random order', async () => {
    const emulator = await localPubSub();
    const topic = emulator.pubsub.topic(TOPOLOGY.topic);
    const published: string[] = [];
    // Distinct publish times (millisecond precision) make the oldest-first order unambiguous.
    for (let i = 0; i < 20; i += 1) {
      published.push(await topic.publishMessage({ data: Buffer.from(`{"n":${i}}`) }));
      await sleep(3);
    }
    const server = await roundsServer(10);
    const bridge = bridgeTo(emulator, server.url);
    bridge.start();
    closers.push(() => bridge.stop());
    for (const deadline = Date.now() + 30_000; bridge.stats.acked < 20 && Date.now() < deadline;)
      await sleep(20);

    expect(bridge.stats).toMatchObject({ pushed: 20, acked: 20, nacked: 0 });
    expect(server.rounds.map((ids) => [...ids].sort())).toEqual([
      published.slice(0, 10).sort(),
      published.slice(10).sort(),
    ]);
  });

  it('stops only once the pushes under way are answered, and acks them', async () => {
    const emulator = await localPubSub();
    const topic = emulator.pubsub.topic(TOPOLOGY.topic);
    for (let i = 0; i < 3; i += 1) await topic.publishMessage({ data: Buffer.from(`{"n":${i}}`) });
    const held: ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => held.push(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => (server.closeAllConnections(), server.close()));
    const bridge = bridgeTo(
      emulator,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    );
    bridge.start();
    for (const deadline = Date.now() + 30_000; held.length < 3 && Date.now() < deadline;)
      await sleep(20);
    expect(held).toHaveLength(3);

    let stopped = false;
    const stopping = bridge.stop().then(() => (stopped = true));
    for (const res of held) {
      await sleep(50);
      expect(stopped).toBe(false);
      res.writeHead(204).end();
    }
    await stopping;
    expect(bridge.stats).toMatchObject({ pushed: 3, acked: 3, nacked: 0, inFlight: 0 });
  });
});
