/**
 * Validation of a message's text against contract v1 — the dependency-free twin of the contract's
 * `validateMessage`: same reject reasons, same issue paths and codes (messages may be worded
 * differently). Shared by the Cloud Function and the Dataflow UDF.
 */
import type { SalesEvent } from '../event.js';
import type { ContractIssue, RejectReason } from '../issues.js';
import type { ValidationResult } from '../validate.js';
import { MAX_MESSAGE_BYTES, SCHEMA_VERSION } from '../vocabulary.js';
import type { IssueList } from './issues.js';
import { checkEventRules } from './rules.js';
import { checkEventShape, isJsonObject } from './shape.js';
import { exceedsUtf8Bytes, utf8ByteLength } from './utf8.js';

/** A rejected validation outcome. */
export type Rejection = Extract<ValidationResult, { ok: false }>;

/** Builds a rejection with a single issue at the root. */
export function rejectWhole(reason: RejectReason, code: string, message: string): Rejection {
  const issues: ContractIssue[] = [{ path: '$', code, message }];
  return { ok: false, reason, issues };
}

/** The rejection for a message of `size` bytes over the limit. */
export function tooLarge(size: number): Rejection {
  return rejectWhole(
    'payload_too_large',
    'payload_too_large',
    size + ' bytes exceeds the ' + MAX_MESSAGE_BYTES + '-byte limit',
  );
}

/** Validates the text of a message, including its UTF-8 size. `now` is epoch milliseconds. */
export function validateText(text: string, now: number): ValidationResult {
  if (exceedsUtf8Bytes(text, MAX_MESSAGE_BYTES)) return tooLarge(utf8ByteLength(text));
  return validateDecodedText(text, now);
}

/** Validates text whose size was already checked (decoded from bytes within the limit). */
export function validateDecodedText(text: string, now: number): ValidationResult {
  if (text.charCodeAt(0) === 0xfeff) {
    return rejectWhole(
      'invalid_encoding',
      'byte_order_mark',
      'payload starts with a byte order mark',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return rejectWhole('invalid_json', 'invalid_json', (error as Error).message);
  }
  return validateValue(parsed, now);
}

/** Validates an already-parsed JSON value: object, version, shape, then business rules. */
export function validateValue(parsed: unknown, now: number): ValidationResult {
  if (!isJsonObject(parsed))
    return rejectWhole('not_an_object', 'not_an_object', 'payload is not a JSON object');
  const version = parsed['schema_version'];
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    const issues: ContractIssue[] = [
      {
        path: '$.schema_version',
        code: 'unsupported_schema_version',
        message:
          'schema_version ' + version + ' is not supported (expected ' + SCHEMA_VERSION + ')',
      },
    ];
    return { ok: false, reason: 'unsupported_schema_version', issues };
  }
  const issues: IssueList = [];
  checkEventShape(issues, parsed);
  if (issues.length > 0) return { ok: false, reason: 'schema_violation', issues };
  const event = parsed as unknown as SalesEvent;
  checkEventRules(issues, event, now);
  if (issues.length > 0) return { ok: false, reason: 'business_rule_violation', issues };
  return { ok: true, event };
}
