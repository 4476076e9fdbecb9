import type { Prng } from "@simple-mnist/random";
import { sampleBilinear } from "./bilinear.ts";

/**
 * The elastic distortion of Simard, Steinkraus and Platt (2003), "Best
 * practices for convolutional neural networks applied to visual document
 * analysis": each pixel moves by a displacement field whose components
 * are uniform noise in [−1, 1] smoothed by a Gaussian of width σ and
 * scaled by α, and the image is resampled bilinearly. σ = 4 and α = 34 are
 * the paper's values for MNIST.
 *
 * Smoothing two 28x28 fields costs about ten times the resampling, more
 * than an epoch can spare, so the fields are drawn once, when the
 * distortion is made: a bank of `bankSize` exact fields from the seeded
 * generator. Each image then takes a random field under one of the eight
 * symmetries of the square (the fields' distribution is the same under
 * every one), giving 8·`bankSize` distinct distortions.
 *
 * @example
 * ```ts
 * import { ElasticDistortion } from "@simple-mnist/augment";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const elastic = new ElasticDistortion(seededPrng(0), { bankSize: 8 });
 * const image = new Uint8Array(28 * 28).fill(200);
 * const out = new Uint8Array(28 * 28);
 * elastic.apply(image, out);
 * assert.equal(out[14 * 28 + 14], 200); // inside a flat region, nothing changes
 * ```
 */
export class ElasticDistortion {
  /** Pixels per row (and rows: the image is square). */
  readonly size: number;
  /** The Gaussian's standard deviation, in pixels. */
  readonly sigma: number;
  /** The scale of the smoothed displacements, in pixels. */
  readonly alpha: number;
  readonly #fields: Float32Array[];
  readonly #prng: Prng;

  /**
   * Draws the bank of displacement fields.
   *
   * @param prng The generator of the fields and of each image's choice.
   * @param options Image size (28), σ (4), α (34) and the number of fields (1,024).
   * @throws {RangeError} On a non-positive option.
   */
  constructor(
    prng: Prng,
    options: { size?: number; sigma?: number; alpha?: number; bankSize?: number } = {},
  ) {
    const { size = 28, sigma = 4, alpha = 34, bankSize = 1024 } = options;
    for (const [name, value] of [["size", size], ["sigma", sigma], ["alpha", alpha]] as const) {
      if (!(value > 0)) {
        throw new RangeError(`Cannot make the elastic distortion: ${name} must be > 0`);
      }
    }
    if (!Number.isInteger(bankSize) || bankSize < 1) {
      throw new RangeError(
        `Cannot make the elastic distortion: bankSize must be a positive integer, got ${bankSize}`,
      );
    }
    this.size = size;
    this.sigma = sigma;
    this.alpha = alpha;
    this.#prng = prng;
    const kernel = gaussianKernel(sigma);
    this.#fields = Array.from({ length: bankSize }, () => {
      // Interleaved (Δx, Δy) per pixel.
      const field = new Float32Array(2 * size * size);
      for (const component of [0, 1]) {
        const noise = Float64Array.from({ length: size * size }, () => 2 * prng() - 1);
        const smooth = blur(noise, size, kernel);
        for (let p = 0; p < size * size; p++) field[2 * p + component] = alpha * smooth[p];
      }
      return field;
    });
  }

  /**
   * Distorts one image with a random field of the bank.
   *
   * @param image Row-major pixels, `size x size`.
   * @param out The destination, same size (must not be `image`).
   */
  apply(image: Uint8Array, out: Uint8Array): void {
    const n = this.size;
    const field = this.#fields[Math.floor(this.#prng() * this.#fields.length)];
    const symmetry = Math.floor(this.#prng() * 8);
    const flipX = (symmetry & 1) !== 0;
    const flipY = (symmetry & 2) !== 0;
    const transpose = (symmetry & 4) !== 0;
    const signX = flipX ? -1 : 1;
    const signY = flipY ? -1 : 1;
    for (let y = 0; y < n; y++) {
      const v = flipY ? n - 1 - y : y;
      for (let x = 0; x < n; x++) {
        // The field under symmetry T: D′(p) = T·D(T⁻¹p), with T = flips ∘ transpose.
        const u = flipX ? n - 1 - x : x;
        const at = 2 * (transpose ? u * n + v : v * n + u);
        const dx = signX * (transpose ? field[at + 1] : field[at]);
        const dy = signY * (transpose ? field[at] : field[at + 1]);
        out[y * n + x] = Math.round(sampleBilinear(image, n, n, x + dx, y + dy));
      }
    }
  }
}

/** A normalised 1-D Gaussian of standard deviation σ, cut at ±3σ. */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += kernel[i + radius];
  }
  return kernel.map((k) => k / sum);
}

/** Separable Gaussian blur of a `size x size` field, zero outside it. */
function blur(field: Float64Array, size: number, kernel: Float64Array): Float64Array {
  const radius = (kernel.length - 1) / 2;
  const rows = new Float64Array(field.length);
  const out = new Float64Array(field.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        const c = x + k;
        if (c >= 0 && c < size) sum += kernel[k + radius] * field[y * size + c];
      }
      rows[y * size + x] = sum;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        const r = y + k;
        if (r >= 0 && r < size) sum += kernel[k + radius] * rows[r * size + x];
      }
      out[y * size + x] = sum;
    }
  }
  return out;
}
