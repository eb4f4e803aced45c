import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v1, type PubSub } from '@google-cloud/pubsub';
import { NdjsonSink, createGenerator, splitLines } from '@salesflow/generator';
import { emulatorClient, startEmulator, type RunningEmulator } from '@salesflow/local';
import { runCli } from './helpers.js';

const MESSAGES = 100_000;
const TOPIC = 'sales-events';
const SUBSCRIPTION = 'publish-roundtrip';

const fingerprint = (data: Buffer): string => createHash('sha1').update(data).digest('base64');

interface Received {
  readonly data: Buffer;
  readonly attributes: Record<string, string>;
}

/**
 * Pulls until `expected` messages arrived or a pull comes back empty. Unary pull in batches of 1000
 * with batched acks: far quicker against pstest than streaming pull.
 */
async function pullAll(client: PubSub, expected: number): Promise<Received[]> {
  const subscriber = new v1.SubscriberClient(
    client.options as ConstructorParameters<typeof v1.SubscriberClient>[0],
  );
  const subscription = `projects/${client.projectId}/subscriptions/${SUBSCRIPTION}`;
  const received: Received[] = [];
  try {
    while (received.length < expected) {
      const [response] = await subscriber.pull(
        { subscription, maxMessages: 1000 },
        { timeout: 30_000 },
      );
      const batch = response.receivedMessages ?? [];
      if (batch.length === 0) break;
      for (const { message } of batch) {
        received.push({
          data: Buffer.from(message?.data ?? new Uint8Array()),
          attributes: { ...(message?.attributes ?? {}) },
        });
      }
      await subscriber.acknowledge({ subscription, ackIds: batch.map(({ ackId }) => ackId ?? '') });
    }
  } finally {
    await subscriber.close();
  }
  return received;
}

describe('salesflow publish against the Pub/Sub emulator (pstest)', () => {
  let emulator: RunningEmulator;
  let client: PubSub;
  let file: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = emulatorClient(emulator.host, emulator.projectId);
    await client.getClientConfig(); // resolves the project id used in resource paths
    const [topic] = await client.createTopic(TOPIC);
    await topic.createSubscription(SUBSCRIPTION, { ackDeadlineSeconds: 60 });
    file = join(mkdtempSync(join(tmpdir(), 'salesflow-publish-')), 'events.ndjson');
    const sink = NdjsonSink.toFile(file);
    const chaos = { invalid: 0.02, duplicates: 0.02 };
    for (const message of createGenerator({
      seed: 5,
      events: MESSAGES,
      chaos,
      from: Date.parse('2026-01-01T00:00:00Z'),
    })) {
      await sink.write(message);
    }
    await sink.close();
  });

  afterAll(async () => {
    await client?.close();
    await emulator?.stop();
  });

  it('publishes every line verbatim, valid or not, and a subscriber receives exactly those bytes', async () => {
    const result = await runCli(
      ['publish', '--file', file, '--source', 'roundtrip-test', '--route', 'dataflow'],
      {
        PUBSUB_EMULATOR_HOST: emulator.host,
        PUBSUB_PROJECT_ID: emulator.projectId,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toMatch(
      new RegExp(`^published ${MESSAGES}, failed 0, [\\d.]+ s, \\d+ msgs/s`),
    );

    const lines = splitLines(readFileSync(file));
    expect(lines).toHaveLength(MESSAGES);
    const received = await pullAll(client, MESSAGES);
    expect(received).toHaveLength(MESSAGES);

    const expected = new Map<string, number>();
    for (const line of lines)
      expected.set(fingerprint(line), (expected.get(fingerprint(line)) ?? 0) + 1);
    for (const message of received) {
      const key = fingerprint(message.data);
      const left = expected.get(key);
      expect(left, 'a received message that was never published').toBeGreaterThan(0);
      expected.set(key, (left as number) - 1);
      expect(message.attributes['source']).toBe('roundtrip-test');
      expect(message.attributes['route']).toBe('dataflow');
    }
    expect([...expected.values()].every((count) => count === 0)).toBe(true);

    const valid = received.find((message) => message.attributes['event_type'] !== undefined);
    expect(valid?.attributes).toMatchObject({ schema_version: '1', source: 'roundtrip-test' });
    expect(received.some((message) => message.data.length === 0)).toBe(true);
    expect(received.some((message) => message.data.length > 64 * 1024)).toBe(true);
  }, 600_000);

  it('refuses an unknown ingest path in one line', async () => {
    const result = await runCli(['publish', '--file', file, '--route', 'ftp'], {
      PUBSUB_EMULATOR_HOST: emulator.host,
      PUBSUB_PROJECT_ID: emulator.projectId,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr.toString().trim()).toBe(
      'salesflow: --route must be one of function, dataflow, subscription',
    );
  });
});
