/**
 * Google's published lifecycle of the Cloud Run functions Node.js runtimes ("Runtime support
 * schedule", https://cloud.google.com/run/docs/runtimes/function-runtimes). After the deprecation date
 * functions still deploy; after the decommission date no function can be created or updated on it.
 */
export const NODE_RUNTIME_SCHEDULE = {
  nodejs20: { deprecation: '2026-04-30', decommission: '2026-10-30' },
  nodejs22: { deprecation: '2027-04-30', decommission: '2027-10-31' },
  nodejs24: { deprecation: '2028-04-30', decommission: '2028-10-31' },
} as const satisfies Record<string, { deprecation: string; decommission: string }>;

/** A Node.js runtime id the schedule knows. */
export type NodeRuntime = keyof typeof NODE_RUNTIME_SCHEDULE;

/** Runtime ids, oldest first. */
export const NODE_RUNTIMES = Object.keys(NODE_RUNTIME_SCHEDULE) as [NodeRuntime, ...NodeRuntime[]];

/** Where a runtime stands on a given day. */
export type RuntimeStatus =
  | { readonly kind: 'supported' }
  | { readonly kind: 'deprecated'; readonly since: string; readonly decommission: string }
  | { readonly kind: 'decommissioned'; readonly since: string };

/** The runtime's lifecycle stage on `today` (dates compared as UTC calendar days). */
export function runtimeStatus(runtime: NodeRuntime, today: Date): RuntimeStatus {
  const { deprecation, decommission } = NODE_RUNTIME_SCHEDULE[runtime];
  const day = today.toISOString().slice(0, 10);
  if (day >= decommission) return { kind: 'decommissioned', since: decommission };
  if (day >= deprecation) return { kind: 'deprecated', since: deprecation, decommission };
  return { kind: 'supported' };
}

/** The runtimes neither deprecated nor decommissioned on `today`, oldest first. */
export function supportedRuntimes(today: Date): NodeRuntime[] {
  return NODE_RUNTIMES.filter((runtime) => runtimeStatus(runtime, today).kind === 'supported');
}
