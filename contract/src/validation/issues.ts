/**
 * Issue collection for the core validator. The core runs both in Node and, bundled, in the
 * Dataflow UDF engine, so everything under `core/` sticks to ES5 built-ins (see the UDF tests).
 */
import type { ContractIssue } from '../issues.js';

/** A mutable list of contract issues, filled as checks run. */
export type IssueList = ContractIssue[];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends one issue. */
export function addIssue(issues: IssueList, path: string, code: string, message: string): void {
  issues.push({ path, code, message });
}

/**
 * Appends an issue about field `key` of the object at `parent`. Paths are built only here, when
 * an issue occurs, so a valid message allocates none. `key` is a declared field (an identifier).
 */
export function addFieldIssue(
  issues: IssueList,
  parent: string,
  key: string,
  code: string,
  message: string,
): void {
  issues.push({ path: parent + '.' + key, code, message });
}

/** Extends a JSON path by an object key, the way the contract formats paths (`$.a`, `$["a b"]`). */
export function childPath(base: string, key: string): string {
  return IDENTIFIER.test(key) ? base + '.' + key : base + '[' + JSON.stringify(key) + ']';
}

/** Extends a JSON path by an array index. */
export function indexPath(base: string, index: number): string {
  return base + '[' + index + ']';
}
