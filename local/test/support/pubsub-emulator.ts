import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PubSub } from '@google-cloud/pubsub';
import { TOPOLOGY } from '@salesflow/contract';
import { createPubSubClient } from '@salesflow/generator';
import { pubsubEmulatorBin } from '../../../scripts/toolchain.mjs';

/** A running pstest emulator with a client connected to it and the salesflow topology created. */
export interface TestEmulator {
  host: string;
  projectId: string;
  pubsub: PubSub;
  stop(): Promise<void>;
}

/**
 * Starts the pstest Pub/Sub emulator binary (built by `node scripts/setup.mjs --only
 * pubsub-emulator`) on a free loopback port and creates the ingest topology from the contract.
 */
export async function startTestEmulator(projectId = 'salesflow-test'): Promise<TestEmulator> {
  const child = spawn(pubsubEmulatorBin(), ['--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const host = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`pubsub emulator exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve((JSON.parse(line) as { address: string }).address),
    );
  });
  const pubsub = createPubSubClient({ projectId, emulatorHost: host });
  const [deadLetterTopic] = await pubsub.createTopic(TOPOLOGY.deadLetterTopic);
  await deadLetterTopic.createSubscription(TOPOLOGY.deadLetterSubscription, {
    ackDeadlineSeconds: TOPOLOGY.ackDeadlineSeconds,
  });
  const [topic] = await pubsub.createTopic(TOPOLOGY.topic);
  await topic.createSubscription(TOPOLOGY.ingestSubscription, {
    ackDeadlineSeconds: TOPOLOGY.ackDeadlineSeconds,
    deadLetterPolicy: {
      deadLetterTopic: deadLetterTopic.name,
      maxDeliveryAttempts: TOPOLOGY.maxDeliveryAttempts,
    },
  });
  return {
    host,
    projectId,
    pubsub,
    async stop() {
      await pubsub.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
