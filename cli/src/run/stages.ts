/** Wall-clock time of each named stage of a run, in the order they ran. */
export class StageClock {
  readonly #durations = new Map<string, number>();

  /** Runs `work` as stage `name`, adding its duration (stages may run more than once). */
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#durations.set(
        name,
        (this.#durations.get(name) ?? 0) + (performance.now() - started) / 1000,
      );
    }
  }

  /** Seconds per stage. */
  get seconds(): ReadonlyMap<string, number> {
    return this.#durations;
  }
}

/** Undo actions run in reverse order — every process a run starts registers its stop here. */
export class Cleanup {
  readonly #actions: Array<{ name: string; action: () => Promise<void> }> = [];

  add(name: string, action: () => Promise<void>): void {
    this.#actions.push({ name, action });
  }

  /** Runs every action once, newest first; an action that fails does not stop the others. */
  async run(): Promise<void> {
    while (this.#actions.length > 0) {
      const { action } = this.#actions.pop()!;
      try {
        await action();
      } catch {
        // Stopping is best effort: the next action must still run.
      }
    }
  }
}
