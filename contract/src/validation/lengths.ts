/**
 * Length checks with the contract's semantics: strings are measured in Unicode code points, and —
 * like the schema library behind the contract — the checks also run on any non-string value that
 * has a `length` (an array or an object with a `length` key given where text was expected).
 */
import { addFieldIssue, type IssueList } from './issues.js';

/** Counts code points: a well-formed surrogate pair is one, a lone surrogate one as well. */
export function codePointLength(text: string): number {
  const units = text.length;
  let count = units;
  for (let i = 0; i < units - 1; i++) {
    const high = text.charCodeAt(i);
    if (high >= 0xd800 && high <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** True when the length checks apply to `value` at all (non-nullish with a `length`). */
export function hasLength(value: unknown): boolean {
  return (
    value !== null && value !== undefined && (value as { length?: unknown }).length !== undefined
  );
}

/** Reports `too_small` when `value` is shorter than `minimum`. */
export function checkMinLength(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  minimum: number,
): void {
  const units = (value as { length: unknown }).length as number;
  const length =
    typeof value === 'string' && units >= minimum && units < minimum * 2
      ? codePointLength(value)
      : units;
  if (!(length >= minimum))
    addFieldIssue(
      issues,
      parent,
      key,
      'too_small',
      'must have at least ' + minimum + ' characters or items',
    );
}

/** Reports `too_big` when `value` is longer than `maximum`. */
export function checkMaxLength(
  issues: IssueList,
  parent: string,
  key: string,
  value: unknown,
  maximum: number,
): void {
  const units = (value as { length: unknown }).length as number;
  const length = typeof value === 'string' && units > maximum ? codePointLength(value) : units;
  if (!(length <= maximum))
    addFieldIssue(
      issues,
      parent,
      key,
      'too_big',
      'must have at most ' + maximum + ' characters or items',
    );
}
