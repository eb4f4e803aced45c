import type { z } from 'zod';
import { MAX_MESSAGE_BYTES, SCHEMA_VERSION, SalesEventShape, type SalesEvent } from './event.js';
import { jsonPath, type ContractIssue, type RejectReason } from './issues.js';
import { checkBusinessRules, type RuleOptions } from './rules.js';
import { checkTypedMembers } from './validation/members.js';

/** The outcome of validating one raw message. */
export type ValidationResult =
  | { readonly ok: true; readonly event: SalesEvent }
  | {
      readonly ok: false;
      readonly reason: RejectReason;
      readonly issues: readonly ContractIssue[];
    };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BYTE_ORDER_MARK = '\uFEFF';

const reject = (reason: RejectReason, issues: ContractIssue[]): ValidationResult => ({
  ok: false,
  reason,
  issues,
});

/**
 * Validates one raw message (the bytes of a Pub/Sub message, or its text) against contract v1.
 *
 * Checks run from the outside in — size, encoding, JSON, version, shape, business rules — and each
 * layer reports every issue it finds, with its JSON path.
 */
export function validateMessage(
  data: Uint8Array | string,
  options: Partial<RuleOptions> = {},
): ValidationResult {
  const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    return reject('payload_too_large', [
      {
        path: '$',
        code: 'payload_too_large',
        message: `${size} bytes exceeds the ${MAX_MESSAGE_BYTES}-byte limit`,
      },
    ]);
  }
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else {
    try {
      text = utf8.decode(data);
    } catch {
      return reject('invalid_encoding', [
        { path: '$', code: 'invalid_utf8', message: 'payload is not valid UTF-8' },
      ]);
    }
  }
  if (text.startsWith(BYTE_ORDER_MARK)) {
    return reject('invalid_encoding', [
      { path: '$', code: 'byte_order_mark', message: 'payload starts with a byte order mark' },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return reject('invalid_json', [
      { path: '$', code: 'invalid_json', message: (error as Error).message },
    ]);
  }
  return validateParsed(parsed, options);
}

/**
 * Validates an already-parsed JSON value against contract v1: shape (the zod schema and the
 * members the event's type requires or forbids), then business rules.
 */
export function validateParsed(
  parsed: unknown,
  options: Partial<RuleOptions> = {},
): ValidationResult {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return reject('not_an_object', [
      { path: '$', code: 'not_an_object', message: 'payload is not a JSON object' },
    ]);
  }
  const version = (parsed as Record<string, unknown>)['schema_version'];
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    return reject('unsupported_schema_version', [
      {
        path: '$.schema_version',
        code: 'unsupported_schema_version',
        message: `schema_version ${version} is not supported (expected ${SCHEMA_VERSION})`,
      },
    ]);
  }
  const shape = SalesEventShape.safeParse(parsed);
  // The members an event's type requires or forbids are part of its shape, beside zod's checks.
  const typed: ContractIssue[] = [];
  checkTypedMembers(typed, parsed as Record<string, unknown>);
  if (!shape.success) {
    return reject('schema_violation', [...shape.error.issues.flatMap(toContractIssues), ...typed]);
  }
  if (typed.length > 0) return reject('schema_violation', typed);
  const ruleIssues = checkBusinessRules(shape.data, { now: options.now ?? Date.now() });
  if (ruleIssues.length > 0) return reject('business_rule_violation', ruleIssues);
  return { ok: true, event: shape.data };
}

function toContractIssues(issue: z.core.$ZodIssue): ContractIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: jsonPath([...issue.path, key]),
      code: 'unrecognized_key',
      message: `unknown field "${key}"`,
    }));
  }
  return [{ path: jsonPath(issue.path), code: issue.code, message: issue.message }];
}
