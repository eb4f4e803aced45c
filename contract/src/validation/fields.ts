/**
 * Checks of one field's value that reproduce the contract schema's behaviour issue for issue: the
 * same codes at the same paths, including which follow-up checks still run after a type error.
 * What each field must be (kind, limits, values, pattern) comes from the contract's field table;
 * this file only knows how the schema library reports each kind.
 */
import { COUNTRY_CODES, CURRENCY_MINOR_UNITS } from '../iso.js';
import { FORBIDDEN_TEXT_CHARACTERS } from '../vocabulary.js';
import { addFieldIssue, type IssueList } from './issues.js';
import { checkMaxLength, checkMinLength, hasLength } from './lengths.js';

const MAX_SAFE_INTEGER = 9007199254740991;
const hasOwn = Object.prototype.hasOwnProperty;

/** A set of allowed strings as a prototype-free lookup object (no ES2015 `Set` needed). */
export type Vocabulary = Readonly<Record<string, true>>;

/** Builds a {@link Vocabulary} from a list of values. */
export function vocabulary(values: readonly string[]): Vocabulary {
  const lookup: Record<string, true> = Object.create(null) as Record<string, true>;
  for (let i = 0; i < values.length; i++) lookup[values[i] as string] = true;
  return lookup;
}

/** The values of a set, in insertion order. */
export function setToArray(set: ReadonlySet<string>): string[] {
  const values: string[] = [];
  set.forEach((value) => {
    values.push(value);
  });
  return values;
}

const COUNTRIES = vocabulary(setToArray(COUNTRY_CODES));

// Every check names its field by `parent` (the object's path) and `key`, and builds the full
// path only when it reports an issue.

function typeIssue(issues: IssueList, parent: string, key: string, expected: string): void {
  addFieldIssue(issues, parent, key, 'invalid_type', 'expected ' + expected);
}

/** A constant (the schema version): anything else is `invalid_value`. */
export function checkLiteral(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  expected: number,
): void {
  if (value !== expected) {
    addFieldIssue(issues, parent, key, 'invalid_value', key + ' must be ' + expected);
  }
}

/** Free text: `min`..`max` code points, no control or replacement characters, no lone surrogates. */
export function checkText(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  min: number,
  max: number,
): void {
  if (typeof value !== 'string') {
    typeIssue(issues, parent, key, 'string');
    if (hasLength(value)) {
      checkMinLength(issues, parent, key, value, min);
      checkMaxLength(issues, parent, key, value, max);
    }
    return;
  }
  checkMinLength(issues, parent, key, value, min);
  checkMaxLength(issues, parent, key, value, max);
  if (FORBIDDEN_TEXT_CHARACTERS.test(value)) {
    addFieldIssue(issues, parent, key, 'custom', 'contains control or replacement characters');
  }
}

/** One of a fixed list of strings. */
export function checkEnum(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  allowed: Vocabulary,
): void {
  if (typeof value !== 'string' || allowed[value] !== true) {
    addFieldIssue(issues, parent, key, 'invalid_value', 'not one of the allowed values');
  }
}

/**
 * A string matching `pattern` (else `invalid_format`, saying it must be `expected`), at most
 * `maxLength` code points when the format has a limit.
 */
export function checkFormat(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  pattern: RegExp,
  expected: string,
  maxLength: number | undefined,
): void {
  if (typeof value !== 'string') {
    typeIssue(issues, parent, key, 'string');
    // The length limit still applies to a non-string that has a length.
    if (maxLength !== undefined && hasLength(value)) {
      checkMaxLength(issues, parent, key, value, maxLength);
    }
    return;
  }
  if (!pattern.test(value)) {
    addFieldIssue(issues, parent, key, 'invalid_format', 'must be ' + expected);
  }
  if (maxLength !== undefined) checkMaxLength(issues, parent, key, value, maxLength);
}

/** An ISO 3166-1 alpha-2 country code. */
export function checkCountry(issues: IssueList, parent: string, key: string, value: unknown): void {
  if (typeof value !== 'string') typeIssue(issues, parent, key, 'string');
  else if (COUNTRIES[value] !== true) {
    addFieldIssue(issues, parent, key, 'custom', 'unknown ISO 3166-1 alpha-2 country code');
  }
}

/** An ISO 4217 currency code. */
export function checkCurrency(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
): void {
  if (typeof value !== 'string') typeIssue(issues, parent, key, 'string');
  else if (!hasOwn.call(CURRENCY_MINOR_UNITS, value)) {
    addFieldIssue(issues, parent, key, 'custom', 'unknown ISO 4217 currency code');
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && isFinite(value);
}

/** A non-negative amount up to `maximum`; `positive` also excludes zero. */
export function checkMoney(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  positive: boolean,
  maximum: number,
): void {
  if (!isFiniteNumber(value)) {
    typeIssue(issues, parent, key, 'number');
    return;
  }
  if (!(value >= 0)) addFieldIssue(issues, parent, key, 'too_small', 'must not be negative');
  if (!(value <= maximum)) {
    addFieldIssue(issues, parent, key, 'too_big', 'must be at most ' + maximum);
  }
  if (positive && !(value > 0)) addFieldIssue(issues, parent, key, 'too_small', 'must be positive');
}

/** An integer in `min..max` (a non-integer stops the checks, as in the contract). */
export function checkInteger(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  min: number,
  max: number,
): void {
  if (!isFiniteNumber(value) || Math.floor(value) !== value) {
    typeIssue(issues, parent, key, 'integer');
    return;
  }
  if (value > MAX_SAFE_INTEGER) {
    addFieldIssue(issues, parent, key, 'too_big', 'outside the safe integer range');
  } else if (value < -MAX_SAFE_INTEGER) {
    addFieldIssue(issues, parent, key, 'too_small', 'outside the safe integer range');
  }
  if (!(value >= min)) addFieldIssue(issues, parent, key, 'too_small', 'must be at least ' + min);
  if (!(value <= max)) addFieldIssue(issues, parent, key, 'too_big', 'must be at most ' + max);
}
