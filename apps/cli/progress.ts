/**
 * A one-line progress bar with rate and ETA, redrawn in place with `\r`.
 * Only drawn on a terminal; the caller decides that.
 */
export class ProgressBar {
  readonly #total: number;
  readonly #write: (text: string) => void;
  readonly #now: () => number;
  readonly #start: number;
  #lastDraw = -Infinity;
  #line = "";

  /**
   * @param total Steps in the whole job.
   * @param write Writes raw text to the terminal.
   * @param now Milliseconds clock (injectable for tests).
   */
  constructor(
    total: number,
    write: (text: string) => void,
    now: () => number = () => performance.now(),
  ) {
    this.#total = total;
    this.#write = write;
    this.#now = now;
    this.#start = now();
  }

  /** Records `done` steps finished; redraws at most ten times a second, and at the end. */
  update(done: number): void {
    const now = this.#now();
    if (done < this.#total && now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    this.#line = renderBar(done, this.#total, (now - this.#start) / 1000);
    this.#write(`\r${this.#line}\x1b[K`);
  }

  /** Prints a line of text above the bar without garbling it. */
  print(text: string): void {
    this.#write(`\r\x1b[K${text}\n${this.#line}`);
  }

  /** Erases the bar. */
  clear(): void {
    this.#write("\r\x1b[K");
    this.#line = "";
  }
}

/**
 * Renders `[████░░░░] done/total  rate it/s  ETA m:ss`.
 *
 * @param done Steps finished.
 * @param total Steps in all.
 * @param seconds Seconds since the start.
 */
export function renderBar(done: number, total: number, seconds: number, width = 24): string {
  const fraction = total === 0 ? 1 : Math.min(done / total, 1);
  const filled = Math.round(fraction * width);
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total}  ` +
    `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} it/s  ETA ${formatDuration(eta)}`;
}

/** Formats seconds as `m:ss` (or `h:mm:ss`); `--:--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}
