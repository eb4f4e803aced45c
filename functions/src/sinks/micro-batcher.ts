/** Per-row outcome of a batch write: `null` when the row was stored, else why it was not. */
export type RowOutcomes = readonly (Error | null)[];

/** Writes one batch; resolves with per-row outcomes, or throws to fail the whole batch. */
export type BatchWriter<Row> = (rows: readonly Row[]) => Promise<RowOutcomes | void>;

/** Limits of a {@link MicroBatcher}. */
export interface BatchLimits {
  /** A batch is written as soon as it holds this many rows. */
  maxRows: number;
  /** ...or when its oldest row has waited this long. */
  maxWaitMs: number;
}

interface Pending<Row> {
  row: Row;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Collects rows from concurrent callers into batches and writes one batch at a time (group
 * commit): rows arriving while a batch is being written form the next batch, so batches grow with
 * load. Each caller's promise settles with the outcome of its own row, so a caller learns its row is
 * stored only after the batch holding it is committed.
 */
export class MicroBatcher<Row> {
  private queue: Pending<Row>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly write: BatchWriter<Row>,
    private readonly limits: BatchLimits,
  ) {}

  /** Queues rows; resolves once every one of them is stored, rejects with the first failure. */
  add(rows: readonly Row[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('sink is closed'));
    if (rows.length === 0) return Promise.resolve();
    // One row per call is the common case (one per request): a single promise, because the
    // Functions Framework runs each request in a domain, where every promise is costly.
    const settled =
      rows.length === 1
        ? new Promise<void>((resolve, reject) =>
            this.queue.push({ row: rows[0]!, resolve, reject }),
          )
        : Promise.all(
            rows.map(
              (row) =>
                new Promise<void>((resolve, reject) => this.queue.push({ row, resolve, reject })),
            ),
          ).then(() => undefined);
    if (!this.inFlight) {
      if (this.queue.length >= this.limits.maxRows) this.startBatch();
      else this.timer ??= setTimeout(() => this.startBatch(), this.limits.maxWaitMs);
    }
    return settled;
  }

  /** Writes everything queued and waits for it; later rows are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Writes everything queued so far and waits until it is stored (or failed). */
  async flush(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (this.inFlight) await this.inFlight;
      else this.startBatch();
    }
  }

  private startBatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.limits.maxRows);
    this.inFlight = this.writeBatch(batch).finally(() => {
      this.inFlight = undefined;
      // Rows that queued up during the write have waited long enough: write them at once.
      if (this.queue.length > 0) this.startBatch();
    });
  }

  private async writeBatch(batch: Pending<Row>[]): Promise<void> {
    let outcomes: RowOutcomes | void;
    try {
      outcomes = await this.write(batch.map((pending) => pending.row));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes?.[index] ?? null;
      if (outcome) pending.reject(outcome);
      else pending.resolve();
    });
  }
}
