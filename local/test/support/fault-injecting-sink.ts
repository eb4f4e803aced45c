import type { BronzeEventRow, BronzeRejectedRow, FxRateRow } from '@salesflow/contract';
import {
  PermanentSinkError,
  TransientSinkError,
  type BronzeSink,
} from '@salesflow/functions/sinks/port';

/**
 * Wraps a real sink and injects failures: every k-th event write fails transiently (but never the
 * same event twice, so that faults stay independent of Pub/Sub's delivery-attempt limit), an outage
 * fails every write while it lasts, and chosen event ids are refused permanently. Named a fake
 * because the faults are invented; the writes that pass go to the real sink.
 */
export class FaultInjectingSink implements BronzeSink {
  private eventWrites = 0;
  private outageUntil = 0;
  private readonly failedOnce = new Set<string>();
  injected = { transient: 0, outage: 0, permanent: 0 };

  constructor(
    private readonly inner: BronzeSink,
    private readonly faults: {
      failEveryKth?: number;
      refuseEventIds?: ReadonlySet<string>;
      refuseRejected?: boolean;
    } = {},
  ) {}

  /** Fails every write for the next `ms` milliseconds. */
  startOutage(ms: number): void {
    this.outageUntil = Date.now() + ms;
  }

  async writeEvents(rows: readonly BronzeEventRow[]): Promise<void> {
    this.eventWrites += 1;
    this.checkOutage();
    const k = this.faults.failEveryKth;
    const firstId = rows[0]?.event_id ?? '';
    if (k && this.eventWrites % k === 0 && !this.failedOnce.has(firstId)) {
      this.failedOnce.add(firstId);
      this.injected.transient += 1;
      throw new TransientSinkError(`injected transient failure on write ${this.eventWrites}`);
    }
    if (rows.some((row) => this.faults.refuseEventIds?.has(row.event_id))) {
      this.injected.permanent += 1;
      throw new PermanentSinkError('injected permanent refusal: value out of range');
    }
    await this.inner.writeEvents(rows);
  }

  async writeRejected(rows: readonly BronzeRejectedRow[]): Promise<void> {
    this.checkOutage();
    if (this.faults.refuseRejected)
      throw new PermanentSinkError('injected permanent refusal of the rejected table');
    await this.inner.writeRejected(rows);
  }

  async writeFxRates(rows: readonly FxRateRow[]): Promise<void> {
    this.checkOutage();
    await this.inner.writeFxRates(rows);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private checkOutage(): void {
    if (Date.now() < this.outageUntil) {
      this.injected.outage += 1;
      throw new TransientSinkError('injected outage: warehouse unavailable');
    }
  }
}
