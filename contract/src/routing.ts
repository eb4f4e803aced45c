/**
 * Routing between the ingest paths. Every enabled path has its own subscription on `sales-events`;
 * their filters split the stream so that each message is ingested by exactly one path, chosen by the
 * publisher with the `route` attribute. The default path takes everything not routed elsewhere,
 * including messages without the attribute and messages naming a path that is switched off.
 */

/** The ingest paths, named as `ingest_path` in Bronze. */
export const INGEST_ROUTES = ['function', 'dataflow', 'subscription'] as const;

/** One ingest path. */
export type IngestRoute = (typeof INGEST_ROUTES)[number];

/** The message attribute a publisher sets to choose an ingest path. */
export const ROUTE_ATTRIBUTE = 'route';

/** Pub/Sub refuses longer subscription filters. */
const MAX_FILTER_BYTES = 256;

/**
 * The Pub/Sub subscription filter of `route`'s subscription, given the enabled paths and the
 * default one; empty (no filter) when only one path is enabled.
 */
export function routeFilter(
  route: IngestRoute,
  enabled: readonly IngestRoute[],
  defaultRoute: IngestRoute,
): string {
  if (!enabled.includes(route)) throw new Error(`route ${route} is not enabled`);
  if (!enabled.includes(defaultRoute))
    throw new Error(`default route ${defaultRoute} is not enabled`);
  if (enabled.length === 1) return '';
  const attribute = `attributes.${ROUTE_ATTRIBUTE}`;
  let filter: string;
  if (route === defaultRoute) {
    // The explicit absence test keeps messages without the attribute on the default path whatever
    // an implementation makes of `!=` on a missing attribute.
    const others = enabled
      .filter((other) => other !== route)
      .map((other) => `${attribute} != "${other}"`)
      .join(' AND ');
    filter = `NOT attributes:${ROUTE_ATTRIBUTE} OR (${others})`;
  } else {
    filter = `${attribute} = "${route}"`;
  }
  if (Buffer.byteLength(filter) > MAX_FILTER_BYTES) {
    throw new Error(`subscription filter of ${route} exceeds ${MAX_FILTER_BYTES} bytes`);
  }
  return filter;
}
