/** One reason a message breaks the contract. */
export interface ContractIssue {
  /** JSON path of the offending value, e.g. `$.items[0].quantity`; `$` for the whole message. */
  readonly path: string;
  /** Machine-readable code, stable across releases. */
  readonly code: string;
  /** Human-readable explanation. */
  readonly message: string;
}

/**
 * Why a message was rejected, from the outermost layer inwards. Stable: dbt and alerts group by it.
 */
export const REJECT_REASONS = [
  'payload_too_large',
  'invalid_encoding',
  'invalid_json',
  'not_an_object',
  'unsupported_schema_version',
  'schema_violation',
  'business_rule_violation',
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

/** Formats zod-style path segments as a JSON path (`$.items[0].sku`). */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment))
      path += `.${segment}`;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}
