import type { PubSub } from '@google-cloud/pubsub';
import { TOPOLOGY } from '@salesflow/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/pubsub/emulator.js';
import { emulatorClient, ensureTopology } from '../src/pubsub/topology.js';

let emulator: RunningEmulator;
let pubsub: PubSub;

beforeAll(async () => {
  emulator = await startEmulator({ projectId: 'salesflow-topology' });
  pubsub = emulatorClient(emulator.host, emulator.projectId);
  await ensureTopology(pubsub);
});
afterAll(async () => {
  await pubsub?.close();
  await emulator?.stop();
});

const seconds = (duration: unknown): number =>
  Number((duration as { seconds?: unknown } | null | undefined)?.seconds ?? Number.NaN);

describe('the local Pub/Sub topology', () => {
  it('gives the ingest subscription the dead-letter and retry policies and retention of the contract', async () => {
    const [ingest] = await pubsub.subscription(TOPOLOGY.ingestSubscription).getMetadata();
    expect(ingest.topic).toBe(`projects/${emulator.projectId}/topics/${TOPOLOGY.topic}`);
    expect(ingest.ackDeadlineSeconds).toBe(TOPOLOGY.ackDeadlineSeconds);
    expect(seconds(ingest.messageRetentionDuration)).toBe(TOPOLOGY.messageRetentionSeconds);
    expect(ingest.deadLetterPolicy).toMatchObject({
      deadLetterTopic: `projects/${emulator.projectId}/topics/${TOPOLOGY.deadLetterTopic}`,
      maxDeliveryAttempts: TOPOLOGY.maxDeliveryAttempts,
    });
    expect(seconds(ingest.retryPolicy?.minimumBackoff)).toBe(TOPOLOGY.retryMinimumBackoffSeconds);
    expect(seconds(ingest.retryPolicy?.maximumBackoff)).toBe(TOPOLOGY.retryMaximumBackoffSeconds);
  });

  it('keeps dead letters on their own subscription as long as the ingest subscription keeps messages', async () => {
    const [deadLetters] = await pubsub.subscription(TOPOLOGY.deadLetterSubscription).getMetadata();
    expect(deadLetters.topic).toBe(
      `projects/${emulator.projectId}/topics/${TOPOLOGY.deadLetterTopic}`,
    );
    expect(seconds(deadLetters.messageRetentionDuration)).toBe(TOPOLOGY.messageRetentionSeconds);
  });

  it('can be created again over an existing topology', async () => {
    await expect(ensureTopology(pubsub)).resolves.toBeUndefined();
  });
});
