import { ProgressBar } from "./progress.ts";

/**
 * Where a command's output goes. `result` is stdout; `log` is stdout too,
 * except with `--json`, where stdout carries the JSON alone and logs go to
 * stderr. `bar` is drawn on stderr only when stderr is a terminal.
 */
export class Output {
  readonly #json: boolean;
  readonly #quiet: boolean;
  readonly #encoder = new TextEncoder();
  #bar: ProgressBar | undefined;

  /**
   * @param options `json`: stdout is for the JSON summary only; `quiet`: no logs or bar.
   */
  constructor(options: { json?: boolean; quiet?: boolean } = {}) {
    this.#json = options.json ?? false;
    this.#quiet = options.quiet ?? false;
  }

  /** Writes a result line to stdout. */
  result(line: string): void {
    console.log(line);
  }

  /** Writes a progress or status line (suppressed by `--quiet`). */
  log(line: string): void {
    if (this.#quiet) return;
    if (this.#bar !== undefined) {
      this.#bar.print(line);
    } else if (this.#json) {
      console.error(line);
    } else {
      console.log(line);
    }
  }

  /** Starts a progress bar of `total` steps if stderr is a terminal and output is not quiet. */
  startBar(total: number): void {
    if (this.#quiet || !Deno.stderr.isTerminal() || (!this.#json && !Deno.stdout.isTerminal())) {
      return;
    }
    this.#bar = new ProgressBar(total, (text) => Deno.stderr.writeSync(this.#encoder.encode(text)));
  }

  /** Advances the bar, if there is one. */
  advance(done: number): void {
    this.#bar?.update(done);
  }

  /** Removes the bar, if there is one. */
  endBar(): void {
    this.#bar?.clear();
    this.#bar = undefined;
  }
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Replaces NaN and infinities by null so that JSON keeps them as "no value". */
export function jsonNumber(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
