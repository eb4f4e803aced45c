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
  headers: Readonly<Record<string, string>>;
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

/** The headers of every push: one object, shared by every request. */
const PUSH_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json',
  'user-agent': PUSH_USER_AGENT,
});

/**
 * The request a Pub/Sub push subscription (wrapped payload) sends for one message: a JSON body
 * `{message: {attributes, data (base64), messageId, message_id, orderingKey, publishTime,
 * publish_time}, subscription, deliveryAttempt}` with `content-type: application/json`. Empty
 * fields are left out, as in the proto3 JSON mapping; `deliveryAttempt` is there only when the
 * subscription has a dead-letter policy (Pub/Sub counts attempts only then). The OIDC
 * `Authorization` header Pub/Sub adds is checked by Cloud Run before the request reaches the
 * function, so it has no local counterpart.
 *
 * The body is the text `JSON.stringify` gives for that object, written out field by field: the
 * bridge builds one per message, and the object (and the spreads that leave fields out) would be
 * garbage at once.
 */
export function toPushRequest(
  message: PulledMessage,
  origin: PushOrigin,
  deliveryAttempt = 0,
): PushRequest {
  const publishTime = JSON.stringify(message.publishTime.toISOString());
  const id = JSON.stringify(message.id);
  let body = '{"message":{';
  if (hasKeys(message.attributes)) body += `"attributes":${JSON.stringify(message.attributes)},`;
  // Base64 needs no escaping in JSON.
  if (message.data.length > 0) body += `"data":"${message.data.toString('base64')}",`;
  body += `"messageId":${id},"message_id":${id},`;
  if (message.orderingKey) body += `"orderingKey":${JSON.stringify(message.orderingKey)},`;
  body += `"publishTime":${publishTime},"publish_time":${publishTime}},`;
  body += `"subscription":${JSON.stringify(`projects/${origin.projectId}/subscriptions/${origin.subscription}`)}`;
  if (deliveryAttempt > 0) body += `,"deliveryAttempt":${JSON.stringify(deliveryAttempt)}`;
  return { headers: PUSH_HEADERS, body: `${body}}` };
}

function hasKeys(record: Record<string, string>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}
