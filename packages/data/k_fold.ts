import { type Prng, shuffle } from "@simple-mnist/random";
import type { Dataset } from "./dataset.ts";
import { selectRows } from "./split.ts";

/**
 * Stratified K-fold assignment: each class's rows are shuffled with the
 * seeded generator and dealt to the folds in turn, so that every fold holds
 * each digit in about the proportion of the whole set and the folds'
 * sizes differ by at most one row per class.
 *
 * @param dataset A labelled data set.
 * @param folds K, at least 2 and at most the number of rows.
 * @param prng The generator of the shuffles.
 * @returns The fold (0 to K − 1) of every row.
 * @throws {RangeError} If K is out of range or the set has no labels.
 *
 * @example
 * ```ts
 * import { stratifiedFolds } from "@simple-mnist/data";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const set = { count: 6, features: 1, width: 1, height: 1, pixels: new Uint8Array(6),
 *   labels: Uint8Array.of(0, 0, 0, 1, 1, 1), source: "x" };
 * const folds = stratifiedFolds(set, 3, seededPrng(0));
 * // Each fold gets one 0 and one 1.
 * for (let k = 0; k < 3; k++) assert.deepEqual([...set.labels].filter((_, j) => folds[j] === k), [0, 1]);
 * ```
 */
export function stratifiedFolds(dataset: Dataset, folds: number, prng: Prng): Uint32Array {
  const action = `Cannot split ${dataset.source} into ${folds} folds`;
  if (!Number.isInteger(folds) || folds < 2) {
    throw new RangeError(`${action}: the number of folds must be an integer of at least 2`);
  }
  if (folds > dataset.count) {
    throw new RangeError(`${action}: it has only ${dataset.count} rows`);
  }
  const labels = dataset.labels;
  if (labels === undefined) throw new RangeError(`${action}: it has no labels`);
  const byClass = new Map<number, number[]>();
  for (let j = 0; j < dataset.count; j++) {
    const rows = byClass.get(labels[j]) ?? [];
    rows.push(j);
    byClass.set(labels[j], rows);
  }
  const assignment = new Uint32Array(dataset.count);
  // Dealing continues across classes, so that small classes do not all
  // start at fold 0 and the fold sizes stay within one row of each other.
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = shuffle(byClass.get(label)!, prng);
    for (const row of rows) {
      assignment[row] = next;
      next = (next + 1) % folds;
    }
  }
  return assignment;
}

/**
 * Fold `k`'s split: its rows are the dev set, the other folds' rows train.
 *
 * @param dataset The data set the folds were made from.
 * @param assignment Each row's fold, from {@linkcode stratifiedFolds}.
 * @param k The fold to hold out.
 * @returns The training and dev sets, each in row order.
 *
 * @example
 * ```ts
 * import { foldSplit } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const set = { count: 4, features: 1, width: 1, height: 1, pixels: Uint8Array.of(10, 11, 12, 13), source: "x" };
 * const { train, dev } = foldSplit(set, Uint32Array.of(0, 1, 0, 1), 1);
 * assert.deepEqual([...dev.pixels], [11, 13]);
 * assert.deepEqual([...train.pixels], [10, 12]);
 * ```
 */
export function foldSplit(
  dataset: Dataset,
  assignment: Uint32Array,
  k: number,
): { train: Dataset; dev: Dataset } {
  const dev: number[] = [];
  const train: number[] = [];
  for (let j = 0; j < dataset.count; j++) (assignment[j] === k ? dev : train).push(j);
  return { train: selectRows(dataset, train), dev: selectRows(dataset, dev) };
}
