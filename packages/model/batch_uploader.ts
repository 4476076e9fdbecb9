import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Examples } from "@simple-mnist/data";

/**
 * Input tensors for one batch, reused batch after batch. `X` is `features
 * x size` (samples are columns, pixels scaled by 1/255, as in the seed),
 * filled by the backend's `uploadPixels` straight from the bytes, so no
 * float32 copy of the data is made on the host; `Y` is `1 x size` holding
 * the labels.
 *
 * @example
 * ```ts
 * import { BatchUploader } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const examples = { count: 2, features: 3, pixels: Uint8Array.of(0, 255, 51, 255, 0, 0), labels: Uint8Array.of(4, 7) };
 * const batch = new BatchUploader(backend, 3, 2);
 * batch.load(examples, [1, 0]);
 * // Samples are columns: column 0 is sample 1, column 1 is sample 0.
 * assert.deepEqual([...await backend.download(batch.X)], [1, 0, 0, 1, 0, Math.fround(0.2)]);
 * assert.deepEqual([...await backend.download(batch.Y)], [7, 4]);
 * ```
 */
export class BatchUploader<T extends Tensor> {
  /** The pixels of the batch, features x size. */
  readonly X: T;
  /** The labels of the batch, 1 x size (zeros for unlabelled data). */
  readonly Y: T;
  readonly #backend: Backend<T>;
  readonly #hostY: Float32Array;

  /**
   * Allocates the tensors and host buffers for batches of `size` samples.
   *
   * @param backend The backend that owns the tensors.
   * @param features Pixels per sample.
   * @param size Samples per batch.
   */
  constructor(backend: Backend<T>, features: number, size: number) {
    this.#backend = backend;
    this.X = backend.create(features, size);
    this.Y = backend.create(1, size);
    this.#hostY = new Float32Array(size);
  }

  /**
   * Uploads the samples at `indices` (in that order) as the batch's columns.
   *
   * @param examples The data set.
   * @param indices Which samples; exactly as many as the batch holds.
   * @throws {RangeError} If the count of indices differs from the batch size, or an index is not a sample.
   */
  load(examples: Examples, indices: ArrayLike<number>): void {
    const size = this.X.cols;
    const features = this.X.rows;
    if (indices.length !== size) {
      throw new RangeError(`Cannot load batch: ${indices.length} samples for a batch of ${size}`);
    }
    if (examples.features !== features) {
      throw new TypeError(
        `Cannot load batch: samples have ${examples.features} pixels but the net takes ${features}`,
      );
    }
    this.#backend.uploadPixels(this.X, examples, indices);
    const labels = examples.labels;
    for (let j = 0; j < size; j++) this.#hostY[j] = labels === undefined ? 0 : labels[indices[j]];
    this.#backend.upload(this.Y, this.#hostY);
  }

  /** Frees the tensors. */
  dispose(): void {
    this.#backend.dispose(this.X);
    this.#backend.dispose(this.Y);
  }
}

/**
 * The indices `start, start + 1, …, start + count − 1`.
 *
 * @param start First index.
 * @param count How many.
 * @returns The range as a `Uint32Array`.
 *
 * @example
 * ```ts
 * import { range } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...range(3, 2)], [3, 4]);
 * ```
 */
export function range(start: number, count: number): Uint32Array {
  const indices = new Uint32Array(count);
  for (let j = 0; j < count; j++) indices[j] = start + j;
  return indices;
}
