import { FileError, openRegularFile, statRegularFile } from "@simple-mnist/files";
import type { DataSplits } from "./dataset.ts";
import { isGzip } from "./idx.ts";
import { readIdxDirectory, readIdxPair } from "./idx_dataset.ts";
import { readKaggleCsv } from "./kaggle_csv.ts";
import { loadMnist } from "./mnist.ts";

/**
 * Options of {@linkcode loadData}.
 *
 * @example
 * ```ts
 * import type { LoadOptions } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const options: LoadOptions = { limit: 5000 };
 * assert.equal(options.limit, 5000);
 * ```
 */
export interface LoadOptions {
  /** Read at most this many training rows (CSV stops reading early). */
  readonly limit?: number;
}

/**
 * Loads a data set from whatever `path` holds, or the bundled MNIST when
 * `path` is undefined:
 * - a directory: the four standard IDX files (plain or `.gz`), with the official test split;
 * - an IDX image file (plain or `.gz`): its labels are read from the matching
 *   `…-labels-idx1-ubyte` file beside it when there is one;
 * - anything else: a Kaggle digit-recognizer CSV.
 *
 * @param path The file or directory, or undefined for the bundled MNIST.
 * @param options A row limit.
 * @returns The training set and, where the source has one, the test set.
 * @throws {FileError} If `path` is missing or unreadable, or is neither a
 * folder nor a regular file (a device such as `/dev/zero`, a FIFO): refused
 * at once, before it is opened.
 * @throws {DataError} Naming the file and what is wrong with its contents.
 *
 * @example
 * ```ts
 * import { loadData } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "label,pixel0\n1,9\n2,8\n");
 * const { train, test } = await loadData(path);
 * assert.equal(train.count, 2);
 * assert.equal(test, undefined);
 * await Deno.remove(path);
 * ```
 */
export async function loadData(
  path: string | undefined,
  options: LoadOptions = {},
): Promise<DataSplits> {
  if (path === undefined) return await loadMnist();
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw new FileError(path, { cause: error });
  }
  if (info.isDirectory) return await readIdxDirectory(path);
  // A device or a FIFO is refused here, before anything opens it.
  await statRegularFile(path);
  if (await looksLikeIdx(path)) {
    const labels = await matchingLabels(path);
    return { train: await readIdxPair(path, labels) };
  }
  return { train: await readKaggleCsv(path, { limit: options.limit }) };
}

/** True when the file starts with gzip's or IDX's magic bytes. */
async function looksLikeIdx(path: string): Promise<boolean> {
  const file = await openRegularFile(path);
  try {
    const head = new Uint8Array(4);
    const read = await file.read(head);
    const bytes = head.subarray(0, read ?? 0);
    return isGzip(bytes) ||
      (bytes.length === 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 8);
  } finally {
    file.close();
  }
}

/** `x-images-idx3-ubyte[.gz]` → `x-labels-idx1-ubyte[.gz]`, if that file exists. */
async function matchingLabels(imagesPath: string): Promise<string | undefined> {
  const slash = imagesPath.lastIndexOf("/") + 1;
  const name = imagesPath.slice(slash);
  if (!name.includes("-images-idx3-ubyte")) return undefined;
  const base = imagesPath.slice(0, slash) +
    name.replace("-images-idx3-ubyte", "-labels-idx1-ubyte");
  for (const candidate of [base, base.replace(/\.gz$/, ""), `${base.replace(/\.gz$/, "")}.gz`]) {
    try {
      if ((await Deno.stat(candidate)).isFile) return candidate;
    } catch {
      // not there: try the next spelling
    }
  }
  return undefined;
}
