import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  PUSH_USER_AGENT,
  pushEndpoint,
  toPushRequest,
  type PulledMessage,
} from '../src/bridge/push-request.js';
import {
  decodeMessagePublished,
  envelopeOf,
} from '@salesflow/functions/ingest-sales/message-published';
import { listen } from './support/function-server.js';

const ORIGIN = { projectId: 'proj-1', topic: 'sales-events', subscription: 'sales-events-ingest' };
const data = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
const publishTime = new Date('2026-11-20T10:11:12.345Z');
const message = { id: '4242', data, attributes: { source: 'pos-eu-1' }, publishTime };

describe('push request (Pub/Sub push subscription, wrapped payload)', () => {
  const request = toPushRequest(message, ORIGIN);

  it('carries the headers Pub/Sub push sends, and no CloudEvent headers', () => {
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': PUSH_USER_AGENT,
    });
  });

  it('carries the message with both spellings of its fields and the subscription', () => {
    expect(JSON.parse(request.body)).toEqual({
      message: {
        attributes: { source: 'pos-eu-1' },
        data: data.toString('base64'),
        messageId: '4242',
        message_id: '4242',
        publishTime: '2026-11-20T10:11:12.345Z',
        publish_time: '2026-11-20T10:11:12.345Z',
      },
      subscription: 'projects/proj-1/subscriptions/sales-events-ingest',
    });
  });

  it('adds deliveryAttempt (dead-letter policy set) and the ordering key when there are any', () => {
    const body = JSON.parse(
      toPushRequest({ ...message, orderingKey: 'store-7' }, ORIGIN, 3).body,
    ) as Record<string, Record<string, unknown>>;
    expect(body['deliveryAttempt']).toBe(3);
    expect(body['message']?.['orderingKey']).toBe('store-7');
  });

  it('leaves out empty data and attributes, as the JSON mapping of a message does', () => {
    const body = JSON.parse(
      toPushRequest({ ...message, data: Buffer.alloc(0), attributes: {} }, ORIGIN).body,
    ) as { message: Record<string, unknown> };
    expect(Object.keys(body.message).sort()).toEqual([
      'messageId',
      'message_id',
      'publishTime',
      'publish_time',
    ]);
  });

  it.each<[string, PulledMessage, number]>([
    ['every field', { ...message, orderingKey: 'store-7' }, 3],
    [
      'no data, attributes or ordering key',
      { ...message, data: Buffer.alloc(0), attributes: {} },
      0,
    ],
    [
      'text that JSON must escape',
      {
        ...message,
        id: 'a"b\\c\u2028',
        attributes: { 'k"1': 'v\n\u0001', ü: '東京' },
        orderingKey: '"',
      },
      1,
    ],
  ])(
    'writes the exact text JSON.stringify gives for the push object (%s)',
    (_, pulled, attempt) => {
      const publishTime = pulled.publishTime.toISOString();
      const expected = JSON.stringify({
        message: {
          ...(Object.keys(pulled.attributes).length > 0 ? { attributes: pulled.attributes } : {}),
          ...(pulled.data.length > 0 ? { data: pulled.data.toString('base64') } : {}),
          messageId: pulled.id,
          message_id: pulled.id,
          ...(pulled.orderingKey ? { orderingKey: pulled.orderingKey } : {}),
          publishTime,
          publish_time: publishTime,
        },
        subscription: 'projects/proj-1/subscriptions/sales-events-ingest',
        ...(attempt > 0 ? { deliveryAttempt: attempt } : {}),
      });
      expect(toPushRequest(pulled, ORIGIN, attempt).body).toBe(expected);
    },
  );

  it('posts to the topic path of the function URL', () => {
    expect(pushEndpoint('http://127.0.0.1:8080/', ORIGIN)).toBe(
      'http://127.0.0.1:8080/projects/proj-1/topics/sales-events',
    );
  });

  it('round-trips through the function-side decoder byte for byte', () => {
    const decoded = decodeMessagePublished(JSON.parse(request.body));
    expect(Buffer.from(decoded.data)).toEqual(data);
    expect(decoded).toMatchObject({
      messageId: '4242',
      publishTime: '2026-11-20T10:11:12.345Z',
      attributes: { source: 'pos-eu-1' },
    });
  });

  it.each([
    ['no data object', null],
    ['no message', { subscription: 's' }],
    ['data not base64', { message: { data: '%%%', messageId: '1' } }],
  ])('refuses an envelope with %s', (_, envelope) => {
    expect(() => decodeMessagePublished(envelope)).toThrow();
  });
});

describe('what the Functions Framework hands a CloudEvent function for a push', () => {
  const seen: functions.CloudEvent<unknown>[] = [];
  functions.cloudEvent('pushRequestUnderTest', (cloudEvent: functions.CloudEvent<unknown>) => {
    seen.push(JSON.parse(JSON.stringify(cloudEvent)) as functions.CloudEvent<unknown>);
  });
  let server: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    server = await listen(getTestServer('pushRequestUnderTest'));
  });
  afterAll(() => server.stop());

  async function deliver(
    url: string,
    body: string,
  ): Promise<{
    status: number;
    event: functions.CloudEvent<unknown> | undefined;
    warnings: number;
  }> {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const before = seen.length;
      const response = await fetch(url, {
        method: 'POST',
        headers: toPushRequest(message, ORIGIN).headers,
        body,
      });
      return {
        status: response.status,
        event: seen.length > before ? seen.at(-1) : undefined,
        warnings: warn.mock.calls.length,
      };
    } finally {
      warn.mockRestore();
    }
  }

  it('a messagePublished CloudEvent whose source is the topic of the request path', async () => {
    const push = toPushRequest(message, ORIGIN, 2);
    const { status, event, warnings } = await deliver(pushEndpoint(server.url, ORIGIN), push.body);
    expect(status).toBe(204);
    expect(warnings).toBe(0);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      source: '//pubsub.googleapis.com/projects/proj-1/topics/sales-events',
      id: '4242',
      time: '2026-11-20T10:11:12.345Z',
    });
    // The framework keeps these message fields only: subscription and deliveryAttempt are dropped.
    expect(event?.data).toEqual({
      message: {
        '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage',
        attributes: { source: 'pos-eu-1' },
        data: data.toString('base64'),
        messageId: '4242',
        publishTime: '2026-11-20T10:11:12.345Z',
      },
    });
    expect(Buffer.from(decodeMessagePublished(envelopeOf(event!)).data)).toEqual(data);
  });

  it('warns twice per request and leaves the topic out when the path does not name it', async () => {
    const { event, warnings } = await deliver(server.url, toPushRequest(message, ORIGIN).body);
    expect(event?.source).toBe('//pubsub.googleapis.com/');
    expect(warnings).toBe(2);
  });

  it('the push body itself when the message has no data (attributes only)', async () => {
    const push = toPushRequest({ ...message, data: Buffer.alloc(0) }, ORIGIN);
    const { event } = await deliver(pushEndpoint(server.url, ORIGIN), push.body);
    expect(event?.data).toBeUndefined();
    expect(envelopeOf(event!)).toMatchObject(JSON.parse(push.body) as object);
    expect(decodeMessagePublished(envelopeOf(event!))).toMatchObject({
      messageId: '4242',
      attributes: { source: 'pos-eu-1' },
    });
  });
});
