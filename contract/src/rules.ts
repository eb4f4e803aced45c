import type { SalesEvent } from './event.js';
import type { ContractIssue } from './issues.js';
import { checkEventRules } from './validation/rules.js';

/** Options for the business rules that depend on the moment of validation. */
export interface RuleOptions {
  /** Milliseconds since the epoch; `event_time` may not lie more than a day after it. */
  readonly now: number;
}

/**
 * Checks the business rules of a shape-valid event and returns every violation.
 *
 * Amounts are compared in integer minor units, so a rule holds "within half a minor unit" exactly.
 * The rules are written once, in the validation core, which the ingest function and the Dataflow
 * UDF run as well.
 */
export function checkBusinessRules(event: SalesEvent, options: RuleOptions): ContractIssue[] {
  const issues: ContractIssue[] = [];
  checkEventRules(issues, event, options.now);
  return issues;
}
