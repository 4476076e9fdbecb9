import { FileError, statRegularFile } from "@simple-mnist/files";
import { DataError, type Dataset, type DataSplits } from "./dataset.ts";
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, readIdxFile } from "./idx.ts";

/**
 * The standard MNIST file names, without the optional `.gz`.
 *
 * @example
 * ```ts
 * import { IDX_FILES } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.equal(IDX_FILES.testLabels, "t10k-labels-idx1-ubyte");
 * ```
 */
export const IDX_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/**
 * Joins a decoded image file and label file into a data set, checking that
 * they are what they claim and agree.
 *
 * @param images The decoded image file (magic 2051, count x height x width).
 * @param labels The decoded label file (magic 2049, count), or undefined.
 * @param sources The two files' names, for errors.
 * @returns The data set.
 * @throws {DataError} On a wrong magic number, a count mismatch or a label above 9.
 *
 * @example
 * ```ts
 * import { idxDataset } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const images = { magic: 2051, dimensions: [2, 1, 2], data: Uint8Array.of(0, 9, 8, 0) };
 * const labels = { magic: 2049, dimensions: [2], data: Uint8Array.of(3, 4) };
 * const set = idxDataset(images, labels, { images: "i", labels: "l" });
 * assert.equal(set.count, 2);
 * assert.equal(set.features, 2);
 * ```
 */
export function idxDataset(
  images: IdxArray,
  labels: IdxArray | undefined,
  sources: { images: string; labels?: string },
): Dataset {
  if (images.magic !== IDX_IMAGES_MAGIC || images.dimensions.length !== 3) {
    throw new DataError(
      sources.images,
      `expected an IDX image file (magic ${IDX_IMAGES_MAGIC}, 3 dimensions) but found magic ${images.magic} with ${images.dimensions.length} dimension(s)`,
    );
  }
  const [count, height, width] = images.dimensions;
  if (labels !== undefined) {
    const labelSource = sources.labels ?? "labels";
    if (labels.magic !== IDX_LABELS_MAGIC || labels.dimensions.length !== 1) {
      throw new DataError(
        labelSource,
        `expected an IDX label file (magic ${IDX_LABELS_MAGIC}, 1 dimension) but found magic ${labels.magic} with ${labels.dimensions.length} dimension(s)`,
      );
    }
    if (labels.dimensions[0] !== count) {
      throw new DataError(
        labelSource,
        `${labels.dimensions[0]} labels for ${count} images in ${sources.images}`,
      );
    }
    const bad = labels.data.findIndex((label) => label > 9);
    if (bad !== -1) {
      throw new DataError(labelSource, `label ${bad} is ${labels.data[bad]}, out of range 0-9`);
    }
  }
  return {
    count,
    features: width * height,
    width,
    height,
    pixels: images.data,
    labels: labels?.data,
    source: sources.images,
  };
}

/**
 * Reads an image file and, if given, its label file (each plain or gzip).
 *
 * @param imagesPath The IDX image file.
 * @param labelsPath The IDX label file, if any.
 * @returns The data set.
 * @throws {FileError} If a file is missing, unreadable or not a regular file.
 * @throws {DataError} On any malformed or mismatched file.
 *
 * @example
 * ```ts
 * import { readIdxPair } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/i`, Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 200));
 * await Deno.writeFile(`${dir}/l`, Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 1, 6));
 * const set = await readIdxPair(`${dir}/i`, `${dir}/l`);
 * assert.deepEqual([set.pixels[0], set.labels?.[0]], [200, 6]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readIdxPair(imagesPath: string, labelsPath?: string): Promise<Dataset> {
  const [images, labels] = await Promise.all([
    readIdxFile(imagesPath),
    labelsPath === undefined ? undefined : readIdxFile(labelsPath),
  ]);
  return idxDataset(images, labels, { images: imagesPath, labels: labelsPath });
}

/**
 * Reads a directory holding the four standard MNIST files, each plain or
 * with `.gz`: the training set and its official test split.
 *
 * @param dir The directory.
 * @returns The training and test sets.
 * @throws {DataError} If a file is missing or malformed.
 * @throws {FileError} If a file is there but unreadable, or not a regular file.
 *
 * @example
 * ```ts
 * import { readIdxDirectory } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await assert.rejects(readIdxDirectory(dir), /train-images-idx3-ubyte/);
 * await Deno.remove(dir);
 * ```
 */
export async function readIdxDirectory(dir: string): Promise<DataSplits> {
  const find = async (name: string) => {
    for (const candidate of [`${dir}/${name}`, `${dir}/${name}.gz`]) {
      try {
        await statRegularFile(candidate);
        return candidate;
      } catch (error) {
        // Missing: try the other name. There but a folder, device or FIFO: say so.
        if (!(error instanceof FileError && error.code === "ENOENT")) throw error;
      }
    }
    throw new DataError(dir, `the directory has no ${name} (nor ${name}.gz)`);
  };
  const trainImages = await find(IDX_FILES.trainImages);
  const trainLabels = await find(IDX_FILES.trainLabels);
  const testImages = await find(IDX_FILES.testImages);
  const testLabels = await find(IDX_FILES.testLabels);
  const [train, test] = await Promise.all([
    readIdxPair(trainImages, trainLabels),
    readIdxPair(testImages, testLabels),
  ]);
  return { train, test };
}
