/** The stream a progress bar draws on (stderr in practice). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

/** Options of {@link ProgressBar}. */
export interface ProgressOptions {
  readonly label: string;
  /** Expected units of work; 0 or unknown draws a counter without a bar. */
  readonly total: number;
  readonly stream: ProgressStream;
  /** Draw at all (false when the data itself goes to the same terminal, or not a TTY). */
  readonly enabled: boolean;
  /** Milliseconds between redraws. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

const BAR_WIDTH = 28;

/** A one-line progress bar redrawn in place; silent when disabled. */
export class ProgressBar {
  #done = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  readonly #startedAt: number;
  readonly #now: () => number;
  readonly #interval: number;

  constructor(readonly options: ProgressOptions) {
    this.#now = options.now ?? Date.now;
    this.#interval = options.intervalMs ?? 100;
    this.#startedAt = this.#now();
  }

  /** Whether a bar should be drawn on `stream` when the data goes to `output` (`-` is stdout). */
  static shouldShow(stream: ProgressStream, output: string | undefined): boolean {
    return stream.isTTY === true && output !== '-';
  }

  /** Records `count` more units of work done, redrawing at most every `intervalMs`. */
  tick(count = 1): void {
    this.#done += count;
    if (!this.options.enabled) return;
    const now = this.#now();
    if (now - this.#lastDraw >= this.#interval) {
      this.#lastDraw = now;
      this.options.stream.write(`\r${this.render(now)}\u001b[K`);
    }
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    if (!this.options.enabled) return;
    this.options.stream.write(`\r${this.render(this.#now())}\u001b[K\n`);
  }

  /** The bar's text at a moment (no control characters). */
  render(now: number): string {
    const { total, label } = this.options;
    const seconds = Math.max(0.001, (now - this.#startedAt) / 1000);
    const speed = `${Math.round(this.#done / seconds).toLocaleString('en-US')}/s`;
    if (!(total > 0)) return `${label} ${this.#done.toLocaleString('en-US')} ${speed}`;
    const fraction = Math.min(1, this.#done / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const percent = `${(fraction * 100).toFixed(0).padStart(3)}%`;
    return `${label} ${bar} ${percent} ${this.#done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${speed}`;
  }
}
