/** The parts of a pulled Pub/Sub message the push request is built from. */
export interface PulledMessage {
  id: string;
  data: Buffer;
  attributes: Record<string, string>;
  publishTime: Date;
  orderingKey?: string | undefined;
}

/** The subscription the messages are pushed from, and the topic it belongs to. */
export interface PushOrigin {
  projectId: string;
  topic: string;
  subscription: string;
}

/** One HTTP request, exactly as Pub/Sub push would POST it to the function. */
export interface PushRequest {
  headers: Record<string, string>;
  body: string;
}

/** The user agent Google APIs deliver push notifications with. */
export const PUSH_USER_AGENT =
  'APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)';

/**
 * The URL the subscription pushes to: the function's URL with the topic's resource name as the
 * path. The Functions Framework reads the topic from that path into the CloudEvent's `source`
 * (and logs two warnings per request when it cannot), so the deployed push subscription uses the
 * same form.
 */
export function pushEndpoint(functionUrl: string, origin: PushOrigin): string {
  return new URL(`projects/${origin.projectId}/topics/${origin.topic}`, functionUrl).href;
}

/**
 * The request a Pub/Sub push subscription (wrapped payload) sends for one message: a JSON body
 * `{message: {attributes, data (base64), messageId, message_id, orderingKey, publishTime,
 * publish_time}, subscription, deliveryAttempt}` with `content-type: application/json`. Empty
 * fields are left out, as in the proto3 JSON mapping; `deliveryAttempt` is there only when the
 * subscription has a dead-letter policy (Pub/Sub counts attempts only then). The OIDC
 * `Authorization` header Pub/Sub adds is checked by Cloud Run before the request reaches the
 * function, so it has no local counterpart.
 */
export function toPushRequest(
  message: PulledMessage,
  origin: PushOrigin,
  deliveryAttempt = 0,
): PushRequest {
  const publishTime = message.publishTime.toISOString();
  const body = {
    message: {
      ...(Object.keys(message.attributes).length > 0 ? { attributes: message.attributes } : {}),
      ...(message.data.length > 0 ? { data: message.data.toString('base64') } : {}),
      messageId: message.id,
      message_id: message.id,
      ...(message.orderingKey ? { orderingKey: message.orderingKey } : {}),
      publishTime,
      publish_time: publishTime,
    },
    subscription: `projects/${origin.projectId}/subscriptions/${origin.subscription}`,
    ...(deliveryAttempt > 0 ? { deliveryAttempt } : {}),
  };
  return {
    headers: { 'content-type': 'application/json', 'user-agent': PUSH_USER_AGENT },
    body: JSON.stringify(body),
  };
}
