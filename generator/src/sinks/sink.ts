/** One message for a sink: the payload bytes exactly as they go on the wire, and its attributes. */
export interface OutboundMessage {
  readonly data: Buffer;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** What a sink did, counted per message. */
export interface SinkReport {
  readonly published: number;
  readonly failed: number;
  readonly bytes: number;
  /** Why messages failed, most frequent first (empty when none did). */
  readonly errors: ReadonlyArray<{ readonly message: string; readonly count: number }>;
}

/**
 * Where generated messages go (port). `write` returns a promise only when the caller must wait
 * (backpressure), so fast sinks cost no microtask per message.
 */
export interface MessageSink {
  write(message: OutboundMessage): Promise<void> | undefined;
  /** Flushes, waits for every outstanding message and reports. */
  close(): Promise<SinkReport>;
}

/** Tallies failure messages for a {@link SinkReport}. */
export class ErrorTally {
  readonly #counts = new Map<string, number>();

  add(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#counts.set(message, (this.#counts.get(message) ?? 0) + 1);
  }

  entries(): SinkReport['errors'] {
    return [...this.#counts]
      .map(([message, count]) => ({ message, count }))
      .sort((a, b) => b.count - a.count);
  }
}
