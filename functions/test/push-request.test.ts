import { describe, expect, it } from 'vitest';
import { toPushRequest } from '../src/bridge/push-request.js';
import { decodeMessagePublished } from '../src/ingest-sales/message-published.js';

const ORIGIN = { projectId: 'proj-1', topic: 'sales-events', subscription: 'sales-events-ingest' };

describe('push request (Eventarc binary-mode CloudEvent for Pub/Sub)', () => {
  const data = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
  const publishTime = new Date('2026-11-20T10:11:12.345Z');
  const request = toPushRequest(
    { id: '4242', data, attributes: { source: 'pos-eu-1' }, publishTime },
    ORIGIN,
  );

  it('carries exactly the ce-* headers Eventarc sends', () => {
    expect(request.headers).toEqual({
      'ce-id': '4242',
      'ce-source': '//pubsub.googleapis.com/projects/proj-1/topics/sales-events',
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-time': '2026-11-20T10:11:12.345Z',
      'content-type': 'application/json',
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

  it('round-trips through the function-side decoder byte for byte', () => {
    const decoded = decodeMessagePublished(JSON.parse(request.body));
    expect(Buffer.from(decoded.data)).toEqual(data);
    expect(decoded).toMatchObject({
      messageId: '4242',
      publishTime: '2026-11-20T10:11:12.345Z',
      attributes: { source: 'pos-eu-1' },
    });
  });

  it('forwards the publisher trace as a traceparent header', () => {
    const traced = toPushRequest(
      {
        id: '1',
        data,
        attributes: {
          googclient_traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        },
        publishTime,
      },
      ORIGIN,
    );
    expect(traced.headers['traceparent']).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
  });

  it.each([
    ['no data object', null],
    ['no message', { subscription: 's' }],
    ['data not base64', { message: { data: '%%%', messageId: '1' } }],
  ])('refuses an envelope with %s', (_, envelope) => {
    expect(() => decodeMessagePublished(envelope)).toThrow();
  });
});
