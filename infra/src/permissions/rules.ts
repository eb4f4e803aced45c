import type { TerraformModel } from './terraform.js';
import type { Need } from './types.js';

/** The short name in a value that may be a full resource name (`projects/p/topics/x` → `x`). */
const shortName = (value: string): string => value.slice(value.lastIndexOf('/') + 1);

/**
 * Needs that follow from how resources are configured rather than from a component being on:
 * every subscription with a dead-letter policy has the Pub/Sub service agent forward messages to
 * the dead-letter topic and acknowledge them on the subscription (Pub/Sub's dead-letter topics
 * guide).
 */
export function derivedNeeds(model: TerraformModel): Need[] {
  const needs: Need[] = [];
  for (const r of model.resources()) {
    if (r.type !== 'google_pubsub_subscription') continue;
    const policy = r.body['dead_letter_policy'] as { dead_letter_topic?: unknown } | undefined;
    if (policy?.dead_letter_topic === undefined) continue;
    const subscription = shortName(model.resolve(r.stack, r.body['name']));
    const topic = shortName(model.resolve(r.stack, policy.dead_letter_topic));
    needs.push(
      {
        principal: { kind: 'agent', agent: 'pubsub' },
        permissions: ['pubsub.topics.publish'],
        resource: { kind: 'topic', topic },
        why: `Pub/Sub forwards messages that ran out of delivery attempts on ${subscription} to ${topic}`,
      },
      {
        principal: { kind: 'agent', agent: 'pubsub' },
        permissions: ['pubsub.subscriptions.consume'],
        resource: { kind: 'subscription', subscription },
        why: `Pub/Sub acknowledges each forwarded message on ${subscription}`,
      },
    );
  }
  return needs;
}
