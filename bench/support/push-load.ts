/**
 * A closed-loop load of Pub/Sub push requests: `inFlight` requests outstanding at all times, as a
 * push subscription keeps up to the function's concurrency outstanding when it has a backlog.
 */
import { HttpPoster } from '@salesflow/local/bridge/http-post';
import type { PushRequest } from '@salesflow/local/bridge/push-request';

/** What one load run observed at the client. */
export interface LoadResult {
  /** Wall-clock seconds from the first request to the last answer. */
  readonly seconds: number;
  /** Latency of every request in milliseconds, ascending. */
  readonly latenciesMs: readonly number[];
}

/**
 * POSTs every request to `endpoint` with `inFlight` outstanding; rejects on the first answer that is
 * not 2xx (a push the subscription would retry) or on a network failure.
 */
export async function pushClosedLoop(
  endpoint: string,
  requests: readonly PushRequest[],
  inFlight: number,
): Promise<LoadResult> {
  const poster = new HttpPoster(endpoint, inFlight, 60_000);
  const latencies = new Float64Array(requests.length);
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < requests.length) {
          const index = next++;
          const request = requests[index]!;
          const sent = performance.now();
          const answer = await poster.post(request.headers, request.body);
          latencies[index] = performance.now() - sent;
          if (!('status' in answer))
            throw new Error(`push ${index} failed: ${answer.error.message}`);
          if (answer.status < 200 || answer.status >= 300)
            throw new Error(`push ${index} was answered ${answer.status}: it would be redelivered`);
        }
      }),
    );
  } finally {
    poster.close();
  }
  return {
    seconds: (performance.now() - started) / 1000,
    latenciesMs: [...latencies].sort((a, b) => a - b),
  };
}
