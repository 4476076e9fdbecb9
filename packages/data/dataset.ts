import type { Examples } from "./examples.ts";

/**
 * Images with optional labels, kept compact: {@linkcode Examples} whose
 * samples are `width x height` images, with where they came from.
 *
 * @example
 * ```ts
 * import type { Dataset } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const set: Dataset = {
 *   count: 2, features: 4, width: 2, height: 2,
 *   pixels: Uint8Array.of(0, 255, 0, 0, 9, 9, 9, 9), labels: Uint8Array.of(1, 7), source: "inline",
 * };
 * assert.equal(set.pixels.length, set.count * set.features);
 * ```
 */
export interface Dataset extends Examples {
  /** Image width in pixels (28 for MNIST); `features` is `width * height`. */
  readonly width: number;
  /** Image height in pixels (28 for MNIST). */
  readonly height: number;
  /** Where the data came from, for messages. */
  readonly source: string;
}

/**
 * A training set with, when the source has one, its official test split.
 *
 * @example
 * ```ts
 * import type { DataSplits } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const image = { count: 1, features: 1, width: 1, height: 1, pixels: Uint8Array.of(0), source: "x" };
 * const splits: DataSplits = { train: image };
 * assert.equal(splits.test, undefined);
 * ```
 */
export interface DataSplits {
  /** The training images. */
  readonly train: Dataset;
  /** The official test images, if the source has them. */
  readonly test?: Dataset;
}

/**
 * An error in a data file: the message names the file and, where it
 * applies, the line and field, then what is wrong.
 *
 * @example
 * ```ts
 * import { DataError } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const error = new DataError("train.csv", "label 12 is out of range 0-9", { line: 3, column: 1 });
 * assert.equal(error.message, "train.csv:3: column 1: label 12 is out of range 0-9");
 * assert.equal(error.file, "train.csv");
 * ```
 */
export class DataError extends Error {
  /** The file at fault. */
  readonly file: string;
  /** The 1-based line, for text formats. */
  readonly line?: number;

  /**
   * Builds the message `file[:line][: column N]: problem`.
   *
   * @param file The file at fault.
   * @param problem What is wrong.
   * @param where The 1-based line and column (field), if known.
   */
  constructor(file: string, problem: string, where: { line?: number; column?: number } = {}) {
    const place = (where.line === undefined ? "" : `:${where.line}`) +
      (where.column === undefined ? "" : `: column ${where.column}`);
    super(`${file}${place}: ${problem}`);
    this.name = "DataError";
    this.file = file;
    this.line = where.line;
  }
}
