/**
 * The figures of one training iteration, as the history CSV and the
 * report's curves hold them. `devLoss` and `devAccuracy` are undefined
 * where the dev set was not evaluated.
 *
 * @example
 * ```ts
 * import type { HistoryRow } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const row: HistoryRow = { iteration: 0, trainLoss: 2.3, trainAccuracy: 0.1, learningRate: 0.1, seconds: 0.02 };
 * assert.equal(row.devLoss, undefined);
 * ```
 */
export interface HistoryRow {
  /** The iteration, counting from 0. */
  readonly iteration: number;
  /** Mean cross-entropy on the training samples during the iteration. */
  readonly trainLoss: number;
  /** Fraction of training samples predicted right during the iteration. */
  readonly trainAccuracy: number;
  /** Mean cross-entropy on the dev set after the iteration, if evaluated. */
  readonly devLoss?: number;
  /** Accuracy on the dev set after the iteration, if evaluated. */
  readonly devAccuracy?: number;
  /** The learning rate the iteration used. */
  readonly learningRate: number;
  /** Seconds since training started, at the end of the iteration. */
  readonly seconds: number;
}

/** The history CSV's header, in column order. */
export const HISTORY_COLUMNS = [
  "iteration",
  "trainLoss",
  "trainAccuracy",
  "devLoss",
  "devAccuracy",
  "learningRate",
  "seconds",
] as const;

function cell(value: number | undefined): string {
  // An empty cell is "not measured"; NaN (a diverged loss) is kept as NaN.
  if (value === undefined) return "";
  return Number.isNaN(value) ? "NaN" : String(value);
}

/**
 * Formats a training history as CSV: a header, then one line per row, with
 * empty cells where the dev set was not evaluated.
 *
 * @param rows The history, one row per iteration.
 * @returns The CSV text, ending with a newline.
 *
 * @example
 * ```ts
 * import { historyCsv } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const csv = historyCsv([
 *   { iteration: 0, trainLoss: 2.5, trainAccuracy: 0.1, devLoss: 2.4, devAccuracy: 0.12, learningRate: 0.1, seconds: 0.5 },
 *   { iteration: 1, trainLoss: 2.25, trainAccuracy: 0.2, learningRate: 0.1, seconds: 0.75 },
 * ]);
 * assert.equal(csv.split("\n")[2], "1,2.25,0.2,,,0.1,0.75");
 * ```
 */
export function historyCsv(rows: readonly HistoryRow[]): string {
  const lines = [HISTORY_COLUMNS.join(",")];
  for (const row of rows) lines.push(HISTORY_COLUMNS.map((name) => cell(row[name])).join(","));
  return lines.join("\n") + "\n";
}
