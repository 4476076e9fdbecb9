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

/**
 * Reads a history CSV as {@linkcode historyCsv} writes it (the columns in
 * any order; empty dev cells become undefined).
 *
 * @param text The CSV text.
 * @param source Where it came from, for messages.
 * @returns One row per line after the header.
 * @throws {TypeError} If a column is missing, or a line has the wrong number of cells or a cell that is not a number (line numbers count from 1).
 *
 * @example
 * ```ts
 * import { historyCsv, parseHistoryCsv } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const rows = [{ iteration: 0, trainLoss: 2.5, trainAccuracy: 0.1, learningRate: 0.1, seconds: 0.5 }];
 * assert.deepEqual(parseHistoryCsv(historyCsv(rows)), [{ ...rows[0], devLoss: undefined, devAccuracy: undefined }]);
 * ```
 */
export function parseHistoryCsv(text: string, source = "history CSV"): HistoryRow[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const header = (lines[0] ?? "").split(",");
  const at = HISTORY_COLUMNS.map((name) => header.indexOf(name));
  const missing = HISTORY_COLUMNS.filter((_, i) => at[i] < 0);
  if (missing.length > 0) {
    throw new TypeError(`Cannot read ${source}: line 1 lacks the column ${missing.join(", ")}`);
  }
  return lines.slice(1).map((line, i) => {
    const cells = line.split(",");
    if (cells.length !== header.length) {
      throw new TypeError(
        `Cannot read ${source}: line ${
          i + 2
        } has ${cells.length} cells, the header ${header.length}`,
      );
    }
    const value = (c: number, optional: boolean) => {
      const name = HISTORY_COLUMNS[c];
      const cell = cells[at[c]].trim();
      if (cell === "" && optional) return undefined;
      const n = cell === "NaN" ? Number.NaN : cell === "" ? Number.NaN : Number(cell);
      if (Number.isNaN(n) && cell !== "NaN") {
        throw new TypeError(
          `Cannot read ${source}: line ${i + 2}, ${name} is "${cell}", not a number`,
        );
      }
      return n;
    };
    return {
      iteration: value(0, false)!,
      trainLoss: value(1, false)!,
      trainAccuracy: value(2, false)!,
      devLoss: value(3, true),
      devAccuracy: value(4, true),
      learningRate: value(5, false)!,
      seconds: value(6, false)!,
    };
  });
}
