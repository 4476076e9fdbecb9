import { type Prng, shuffle } from "@simple-mnist/random";
import type { Dataset } from "./dataset.ts";

/**
 * The first `limit` images of a data set, as views (no copy).
 *
 * @param dataset The data set.
 * @param limit How many to keep; a limit at or above the count keeps all.
 * @returns The shortened data set.
 * @throws {RangeError} If `limit` is not a positive integer.
 *
 * @example
 * ```ts
 * import { limitRows } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const set = { count: 3, features: 1, width: 1, height: 1, pixels: Uint8Array.of(1, 2, 3), source: "x" };
 * assert.deepEqual([...limitRows(set, 2).pixels], [1, 2]);
 * ```
 */
export function limitRows(dataset: Dataset, limit: number): Dataset {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`Cannot limit rows: limit must be a positive integer, got ${limit}`);
  }
  if (limit >= dataset.count) return dataset;
  return {
    ...dataset,
    count: limit,
    pixels: dataset.pixels.subarray(0, limit * dataset.features),
    labels: dataset.labels?.subarray(0, limit),
  };
}

/**
 * Copies the images at `indices`, in that order, into a new data set.
 *
 * @param dataset The data set.
 * @param indices Which images.
 * @returns The selection.
 *
 * @example
 * ```ts
 * import { selectRows } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const set = { count: 3, features: 1, width: 1, height: 1, pixels: Uint8Array.of(1, 2, 3), labels: Uint8Array.of(0, 1, 2), source: "x" };
 * assert.deepEqual([...selectRows(set, [2, 0]).labels!], [2, 0]);
 * ```
 */
export function selectRows(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  const { features } = dataset;
  const pixels = new Uint8Array(indices.length * features);
  const labels = dataset.labels === undefined ? undefined : new Uint8Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const from = indices[j] * features;
    pixels.set(dataset.pixels.subarray(from, from + features), j * features);
    if (labels !== undefined) labels[j] = dataset.labels![indices[j]];
  }
  return { ...dataset, count: indices.length, pixels, labels };
}

/**
 * The seed's split: shuffle the rows with a seeded generator, hold out the
 * first `devSize` as the development set, train on the rest.
 *
 * @param dataset The labelled data set.
 * @param devSize Rows to hold out (0 for none).
 * @param prng The generator of the shuffle.
 * @returns The training and development sets.
 * @throws {RangeError} If `devSize` leaves no training rows.
 *
 * @example
 * ```ts
 * import { splitDev } from "@simple-mnist/data";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const set = { count: 10, features: 1, width: 1, height: 1, pixels: new Uint8Array(10).map((_, i) => i), source: "x" };
 * const { train, dev } = splitDev(set, 3, seededPrng(0));
 * assert.equal(dev.count, 3);
 * assert.equal(train.count, 7);
 * assert.deepEqual([...train.pixels, ...dev.pixels].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * ```
 */
export function splitDev(
  dataset: Dataset,
  devSize: number,
  prng: Prng,
): { train: Dataset; dev: Dataset } {
  if (!Number.isInteger(devSize) || devSize < 0 || devSize >= dataset.count) {
    throw new RangeError(
      `Cannot hold out ${devSize} dev rows: the data set has ${dataset.count} rows and training needs at least 1`,
    );
  }
  const order = shuffle(Uint32Array.from({ length: dataset.count }, (_, j) => j), prng);
  return {
    dev: selectRows(dataset, order.subarray(0, devSize)),
    train: selectRows(dataset, order.subarray(devSize)),
  };
}
