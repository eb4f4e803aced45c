/** V8's collector as `--expose-gc` exposes it: a full collection, run from a task of its own. */
export type FullCollector = () => Promise<void>;

/** What the periodic collections have done so far. */
export interface FullCollections {
  /** Collections finished, or undefined when this process cannot ask for one (no `--expose-gc`). */
  readonly count: number | undefined;
  /** How long the last one took, from the request until V8 reported it done. */
  readonly lastMs: number | undefined;
  /** Stops asking; a collection under way finishes. */
  stop(): void;
}

/** The collector of this process, when Node started with `--expose-gc` (the `salesflow` executable does). */
export function exposedCollector(
  scope: { gc?: unknown } = globalThis as { gc?: unknown },
): FullCollector | undefined {
  const gc = scope.gc as ((options: object) => Promise<void> | void) | undefined;
  if (typeof gc !== 'function') return undefined;
  // From a task of its own, with nothing of ours on the stack: asked synchronously with these
  // options, Node 20's V8 left the old generation as it was (the test tells one from the other).
  return async () => {
    await gc({ type: 'major', execution: 'async' });
  };
}

/** What a process says of its full collections when Node was started without the collector. */
export const COLLECTOR_NOT_EXPOSED = 'not exposed (Node without --expose-gc)';

/** How often a process of the local world that never goes quiet asks for a full collection. */
export const FULL_COLLECTION_EVERY_MS = 60_000;

/**
 * Asks V8 for a full, compacting collection at a fixed interval, for a process that runs for days
 * without pause: the live runner and the function host it pushes to.
 *
 * V8 shrinks its old generation and frees the buffers that dead old objects hold only in a full
 * collection, and its memory reducer, which schedules those when an application goes quiet, never
 * starts in a process that allocates without pause. Between V8's own full collections, then, the
 * old generation's reserved pages and the dead objects' buffers keep what they took. A collection
 * each interval gives them back.
 */
export function collectPeriodically(
  everyMs: number,
  collect: FullCollector | undefined = exposedCollector(),
  now: () => number = performance.now.bind(performance),
): FullCollections {
  let count = collect === undefined ? undefined : 0;
  let lastMs: number | undefined;
  let running = false;
  const timer =
    collect === undefined
      ? undefined
      : setInterval(() => {
          if (running) return;
          running = true;
          const started = now();
          collect()
            .then(() => {
              lastMs = now() - started;
              count = (count ?? 0) + 1;
            })
            .finally(() => {
              running = false;
            });
        }, everyMs);
  timer?.unref();
  return {
    get count() {
      return count;
    },
    get lastMs() {
      return lastMs;
    },
    stop: () => clearInterval(timer),
  };
}
