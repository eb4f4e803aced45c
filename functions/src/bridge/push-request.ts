/** The parts of a pulled Pub/Sub message the push request is built from. */
export interface PulledMessage {
  id: string;
  data: Buffer;
  attributes: Record<string, string>;
  publishTime: Date;
  orderingKey?: string | undefined;
}

/** Where the messages come from, as Eventarc names it in the CloudEvent. */
export interface PushOrigin {
  projectId: string;
  topic: string;
  subscription: string;
}

/** One HTTP request, exactly as Eventarc would POST it to the function. */
export interface PushRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * The binary-mode CloudEvent Eventarc sends for a Pub/Sub message
 * (`google.cloud.pubsub.topic.v1.messagePublished`): `ce-*` headers plus a JSON body carrying the
 * message with both the camelCase and the snake_case field names, and the subscription.
 */
export function toPushRequest(message: PulledMessage, origin: PushOrigin): PushRequest {
  const publishTime = message.publishTime.toISOString();
  const body = {
    message: {
      ...(Object.keys(message.attributes).length > 0 ? { attributes: message.attributes } : {}),
      data: message.data.toString('base64'),
      messageId: message.id,
      message_id: message.id,
      ...(message.orderingKey ? { orderingKey: message.orderingKey } : {}),
      publishTime,
      publish_time: publishTime,
    },
    subscription: `projects/${origin.projectId}/subscriptions/${origin.subscription}`,
  };
  const headers: Record<string, string> = {
    'ce-id': message.id,
    'ce-source': `//pubsub.googleapis.com/projects/${origin.projectId}/topics/${origin.topic}`,
    'ce-specversion': '1.0',
    'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
    'ce-time': publishTime,
    'content-type': 'application/json',
  };
  // Pub/Sub's OpenTelemetry propagation carries the publisher's trace in this attribute.
  const traceparent = message.attributes['googclient_traceparent'];
  if (traceparent) headers['traceparent'] = traceparent;
  return { headers, body: JSON.stringify(body) };
}
