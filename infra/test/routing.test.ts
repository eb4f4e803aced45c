import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v1, type PubSub } from '@google-cloud/pubsub';
import { ROUTE_ATTRIBUTE, TOPOLOGY } from '@salesflow/contract';
import { createPubSubClient } from '@salesflow/generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@salesflow/local';
import { parseEnvironmentConfig, type EnvironmentConfig } from '../src/config/schema.js';
import { CONFIGS, FIXTURE_ARTIFACTS, everythingConfig } from './support/fixtures.js';
import { allResources, synthesizeEnvironments } from './support/synth.js';

// Routing is proven on Google's own Pub/Sub fake (pstest), which implements the subscription filter
// language: the filters the app synthesizes are created there as they are, and every kind of message
// a producer can send must reach exactly one enabled ingest path.
const INGEST_SUBSCRIPTIONS = new Set<string>([
  TOPOLOGY.ingestSubscription,
  TOPOLOGY.dataflowSubscription,
  TOPOLOGY.bigQuerySubscription,
]);

/** What a producer may put in the `route` attribute, or leave out (undefined). */
const ROUTES = [undefined, 'function', 'dataflow', 'subscription', 'elsewhere', ''] as const;

function withPaths(
  base: EnvironmentConfig,
  name: string,
  paths: { function: boolean; dataflow: boolean; subscription: boolean },
  defaultRoute: EnvironmentConfig['ingestion']['defaultRoute'],
): EnvironmentConfig {
  return parseEnvironmentConfig({
    ...base,
    environment: name,
    ingestion: {
      ...base.ingestion,
      defaultRoute,
      function: { ...base.ingestion.function, enabled: paths.function },
      dataflow: { ...base.ingestion.dataflow, enabled: paths.dataflow },
      bigQuerySubscription: { enabled: paths.subscription },
    },
  });
}

const CASES: EnvironmentConfig[] = [
  CONFIGS.dev,
  CONFIGS.prod,
  everythingConfig(),
  withPaths(
    everythingConfig(),
    'allfn',
    { function: true, dataflow: true, subscription: true },
    'function',
  ),
  withPaths(
    everythingConfig(),
    'allsub',
    { function: true, dataflow: true, subscription: true },
    'subscription',
  ),
  withPaths(
    everythingConfig(),
    'dfsub',
    { function: false, dataflow: true, subscription: true },
    'subscription',
  ),
  withPaths(
    everythingConfig(),
    'fnonly',
    { function: true, dataflow: false, subscription: false },
    'function',
  ),
];

const outdir = mkdtempSync(join(tmpdir(), 'salesflow-routing-'));
/** environment → subscription name → filter, as synthesized. */
const filters = new Map<string, Map<string, string>>();
let emulator: RunningEmulator;
let pubsub: PubSub;
let subscriber: InstanceType<typeof v1.SubscriberClient>;

beforeAll(async () => {
  const stacks = synthesizeEnvironments(outdir, CASES, FIXTURE_ARTIFACTS);
  for (const [stack, type, , body] of allResources(stacks)) {
    if (type !== 'google_pubsub_subscription' || !INGEST_SUBSCRIPTIONS.has(String(body['name'])))
      continue;
    const environment = stack.split('-')[0] ?? '';
    const byName = filters.get(environment) ?? new Map<string, string>();
    byName.set(String(body['name']), String(body['filter'] ?? ''));
    filters.set(environment, byName);
  }
  emulator = await startEmulator({ projectId: 'salesflow-routing' });
  pubsub = createPubSubClient({ projectId: emulator.projectId, emulatorHost: emulator.host });
  subscriber = new v1.SubscriberClient(
    (await pubsub.getClientConfig()) as ConstructorParameters<typeof v1.SubscriberClient>[0],
  );
}, 120_000);

afterAll(async () => {
  await subscriber?.close();
  await pubsub?.close();
  await emulator?.stop();
  rmSync(outdir, { recursive: true, force: true });
});

/** Publishes one message per route value and returns, per route value, the subscriptions it reached. */
async function deliveries(environment: string): Promise<Map<string, string[]>> {
  const byName = filters.get(environment);
  if (!byName) throw new Error(`no ingest subscriptions synthesized for ${environment}`);
  const [topic] = await pubsub.createTopic(`${TOPOLOGY.topic}-${environment}`);
  for (const [name, filter] of byName) {
    await topic.createSubscription(`${name}-${environment}`, filter === '' ? {} : { filter });
  }
  for (const route of ROUTES) {
    await topic.publishMessage({
      data: Buffer.from(JSON.stringify({ route: route ?? null })),
      attributes: {
        event_type: 'order_placed',
        ...(route === undefined ? {} : { [ROUTE_ATTRIBUTE]: route }),
      },
    });
  }
  const reached = new Map<string, string[]>(ROUTES.map((route) => [String(route), []]));
  for (const name of byName.keys()) {
    const [response] = await subscriber.pull({
      subscription: `projects/${emulator.projectId}/subscriptions/${name}-${environment}`,
      maxMessages: 100,
    });
    for (const received of response.receivedMessages ?? []) {
      const { route } = JSON.parse(Buffer.from(received.message?.data ?? '').toString()) as {
        route: string | null;
      };
      reached.get(String(route ?? undefined))?.push(name);
    }
  }
  return reached;
}

describe('routing between the ingest paths (synthesized filters on the pstest Pub/Sub)', () => {
  for (const config of CASES) {
    const routes = ROUTES.map((route) => String(route)).join(', ');
    it(`${config.environment}: every message (route ${routes}) reaches exactly one path`, async () => {
      const reached = await deliveries(config.environment);
      for (const [route, subscriptions] of reached) {
        expect(subscriptions, `route=${route}`).toHaveLength(1);
      }
      const explicitly = (route: string): string | undefined => reached.get(route)?.[0];
      const own = {
        function: TOPOLOGY.ingestSubscription,
        dataflow: TOPOLOGY.dataflowSubscription,
        subscription: TOPOLOGY.bigQuerySubscription,
      } as const;
      const enabled = [...(filters.get(config.environment)?.keys() ?? [])];
      for (const [route, subscription] of Object.entries(own)) {
        // A message routed to an enabled path lands there; to a disabled one, on the default path.
        expect(explicitly(route)).toBe(
          enabled.includes(subscription) ? subscription : own[config.ingestion.defaultRoute],
        );
      }
      expect(explicitly('undefined')).toBe(own[config.ingestion.defaultRoute]);
    });
  }
});
