import type { RequestListener, Server } from 'node:http';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPoster } from '../src/bridge/http-post.js';
import { pushEndpoint, toPushRequest } from '../src/bridge/push-request.js';
import { withJsonBodyRead } from '../src/function/json-body.js';
import { listen } from './support/function-server.js';

/** What the function saw of one request. */
type Seen = { status: number; event: unknown };

const seen: unknown[] = [];
functions.cloudEvent('jsonBodyUnderTest', (cloudEvent: functions.CloudEvent<unknown>) => {
  seen.push(JSON.parse(JSON.stringify(cloudEvent)));
});

function wrapped(server: Server): Server {
  const [app] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', withJsonBodyRead(app!));
  return server;
}

let plain: { url: string; stop: () => Promise<void> };
let reading: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  plain = await listen(getTestServer('jsonBodyUnderTest'));
  reading = await listen(wrapped(getTestServer('jsonBodyUnderTest')));
});
afterAll(async () => {
  await plain.stop();
  await reading.stop();
});

async function post(url: string, headers: Record<string, string>, body: string): Promise<Seen> {
  const before = seen.length;
  const poster = new HttpPoster(url, 1, 10_000);
  const result = await poster.post(headers, body).finally(() => poster.close());
  if (!('status' in result)) throw result.error;
  return { status: result.status, event: seen.length > before ? seen.at(-1) : undefined };
}

const ORIGIN = { projectId: 'p', topic: 'sales-events', subscription: 'sales-events-ingest' };
const push = toPushRequest(
  {
    id: '77',
    data: Buffer.from('{"event_id":"e-1","amount":"12.50"}'),
    attributes: {
      googclient_traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
    publishTime: new Date('2026-11-20T10:11:12.345Z'),
  },
  ORIGIN,
  1,
);

describe('JSON bodies read ahead of the Functions Framework', () => {
  it.each([
    ['a Pub/Sub push', push.headers, push.body],
    ['a body with a byte order mark', push.headers, `\ufeff${push.body}`],
    ['a body with leading whitespace', push.headers, `\r\n\t ${push.body}`],
    ['an empty body', push.headers, ''],
    ['a top-level string', push.headers, '"not an object"'],
    ['invalid JSON', push.headers, '{"message": '],
    ['an array', push.headers, '[1, 2]'],
    [
      'a charset parameter',
      { ...push.headers, 'content-type': 'application/json; charset=utf-8' },
      push.body,
    ],
    [
      'a structured-mode CloudEvent',
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify({ specversion: '1.0', id: 's-1', source: '//x', type: 't', data: { a: 1 } }),
    ],
  ])(
    'gives the function what the Functions Framework alone gives it: %s',
    async (_, headers, body) => {
      const expected = await post(pushEndpoint(plain.url, ORIGIN), headers, body);
      const actual = await post(pushEndpoint(reading.url, ORIGIN), headers, body);
      expect(actual).toEqual(expected);
    },
  );

  it('hands the function the push as a messagePublished CloudEvent', async () => {
    const { status, event } = await post(
      pushEndpoint(reading.url, ORIGIN),
      push.headers,
      push.body,
    );
    expect(status).toBe(204);
    const sent = JSON.parse(push.body) as { message: Record<string, unknown> };
    expect(event).toMatchObject({
      id: '77',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      source: '//pubsub.googleapis.com/projects/p/topics/sales-events',
      data: {
        message: {
          data: sent.message['data'],
          attributes: sent.message['attributes'],
          messageId: '77',
          publishTime: '2026-11-20T10:11:12.345Z',
        },
      },
    });
  });

  it('answers 400 to a body the Functions Framework refuses, without calling the function', async () => {
    expect(await post(pushEndpoint(reading.url, ORIGIN), push.headers, '{"message": ')).toEqual({
      status: 400,
      event: undefined,
    });
  });
});
