import { OldestFirst } from './oldest-first.js';
import type { PulledMessage } from './push-request.js';

/** One pulled message with what it takes to settle it. */
export interface Delivery {
  ackId: string;
  deliveryAttempt: number;
  message: PulledMessage;
}

interface Leased {
  delivery: Delivery;
  /** When the subscription would hand the message out again unless its lease is extended. */
  leasedUntil: number;
}

/**
 * Pulled messages waiting for a free push slot, handed out oldest publish time first, with their
 * leases kept alive while they wait.
 *
 * The local emulator picks the messages of a Pull in random order, so under a backlog some wait
 * far longer than the rest; Pub/Sub itself delivers roughly oldest first. Pulling ahead of the
 * free slots and pushing from here restores that order.
 */
export class PullBuffer {
  private readonly waiting = new OldestFirst<Leased>((leased) =>
    leased.delivery.message.publishTime.getTime(),
  );
  private renewal: NodeJS.Timeout | undefined;

  /**
   * @param ackDeadlineMs the subscription's ack deadline
   * @param extend asks Pub/Sub to extend these messages' leases by the ack deadline
   */
  constructor(
    private readonly ackDeadlineMs: number,
    private readonly extend: (ackIds: string[]) => void,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Adds a message just pulled (its lease runs from now). */
  add(delivery: Delivery): void {
    this.waiting.push({ delivery, leasedUntil: Date.now() + this.ackDeadlineMs });
    this.renewal ??= setInterval(() => this.renewLeases(), this.ackDeadlineMs / 4).unref();
  }

  /** The waiting message published first. */
  takeOldest(): Delivery | undefined {
    const delivery = this.waiting.pop()?.delivery;
    if (this.waiting.size === 0) this.stopRenewal();
    return delivery;
  }

  /** Every waiting message, for nacking on shutdown. */
  takeAll(): Delivery[] {
    this.stopRenewal();
    return this.waiting.clear().map((leased) => leased.delivery);
  }

  private renewLeases(): void {
    const now = Date.now();
    const due: string[] = [];
    for (const leased of this.waiting.items()) {
      if (leased.leasedUntil - now > this.ackDeadlineMs / 2) continue;
      leased.leasedUntil = now + this.ackDeadlineMs;
      due.push(leased.delivery.ackId);
    }
    if (due.length > 0) this.extend(due);
  }

  private stopRenewal(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }
}
