/**
 * Tracks the largest resident set size seen at the sample points. (Linux's
 * exact peak, /proc/self/status VmHWM, would need --allow-all in Deno.)
 */
export class PeakMemory {
  #peak = 0;

  /** Records the current resident set size. */
  sample(): void {
    this.#peak = Math.max(this.#peak, Deno.memoryUsage().rss);
  }

  /** The largest resident set size sampled, in MB. */
  get megabytes(): number {
    this.sample();
    return this.#peak / 2 ** 20;
  }
}
