/** Where the published messages of a run ended up. Each message is counted once. */
export interface Accounting {
  published: number;
  /** In `bronze.sales_events` (at least once). */
  landed: number;
  /** In `bronze.sales_events_rejected` and not landed. */
  rejected: number;
  /** On the dead-letter topic and in neither Bronze table. */
  deadLettered: number;
  /** None of the above: lost or still under way. */
  unaccounted: number;
}

/** Accounts every published message id to the first place it is found: Bronze, rejected, dead letters. */
export function account(
  published: readonly string[],
  landed: ReadonlySet<string>,
  rejected: ReadonlySet<string>,
  deadLettered: ReadonlySet<string>,
): Accounting {
  const result: Accounting = {
    published: published.length,
    landed: 0,
    rejected: 0,
    deadLettered: 0,
    unaccounted: 0,
  };
  for (const id of published) {
    if (landed.has(id)) result.landed += 1;
    else if (rejected.has(id)) result.rejected += 1;
    else if (deadLettered.has(id)) result.deadLettered += 1;
    else result.unaccounted += 1;
  }
  return result;
}
