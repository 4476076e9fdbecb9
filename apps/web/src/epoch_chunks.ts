/** Training samples per progress point of a mini-batch epoch in the page. */
export const EPOCH_CHUNK = 2048;

/** Labelled samples in the shape `@simple-mnist/model` trains on. */
export interface LabelledSamples {
  /** Samples. */
  readonly count: number;
  /** Values per sample. */
  readonly features: number;
  /** `count * features` bytes, sample-major. */
  readonly pixels: Uint8Array;
  /** One label per sample. */
  readonly labels: Uint8Array;
}

/**
 * Copies the samples at `indices` (in that order) into one contiguous set:
 * a chunk of a shuffled epoch, trained on while the page shows progress.
 *
 * @param samples The whole set.
 * @param indices Which samples, in order.
 * @returns A new set holding copies of them.
 * @throws {RangeError} If an index is out of range.
 *
 * @example
 * ```ts
 * import { gatherSamples } from "./epoch_chunks.ts";
 * import assert from "node:assert/strict";
 *
 * const set = { count: 3, features: 2, pixels: Uint8Array.of(1, 1, 2, 2, 3, 3), labels: Uint8Array.of(7, 8, 9) };
 * const chunk = gatherSamples(set, Uint32Array.of(2, 0));
 * assert.deepEqual([...chunk.pixels], [3, 3, 1, 1]);
 * assert.deepEqual([...chunk.labels], [9, 7]);
 * ```
 */
export function gatherSamples(
  samples: LabelledSamples,
  indices: ArrayLike<number>,
): LabelledSamples {
  const { features } = samples;
  const pixels = new Uint8Array(indices.length * features);
  const labels = new Uint8Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    if (!Number.isInteger(i) || i < 0 || i >= samples.count) {
      throw new RangeError(
        `Cannot gather sample ${i}: the set holds samples 0 to ${samples.count - 1}`,
      );
    }
    pixels.set(samples.pixels.subarray(i * features, (i + 1) * features), j * features);
    labels[j] = samples.labels[i];
  }
  return { count: indices.length, features, pixels, labels };
}

/**
 * Splits `[0, count)` into consecutive chunks of at most `size`, for an
 * epoch shown in steps.
 *
 * @param count Samples in the epoch.
 * @param size Samples per chunk.
 * @returns `[start, end)` pairs covering the range once.
 * @throws {RangeError} If `size` is not a positive integer.
 *
 * @example
 * ```ts
 * import { chunkBounds } from "./epoch_chunks.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(chunkBounds(5, 2), [[0, 2], [2, 4], [4, 5]]);
 * ```
 */
export function chunkBounds(count: number, size: number): [number, number][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(
      `Cannot split the epoch: chunk size must be a positive integer, not ${size}`,
    );
  }
  const bounds: [number, number][] = [];
  for (let start = 0; start < count; start += size) {
    bounds.push([start, Math.min(start + size, count)]);
  }
  return bounds;
}
