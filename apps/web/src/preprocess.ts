/** The side of an MNIST image, in pixels. */
export const MNIST_SIDE = 28;

/** The longer side of a digit's bounding box once scaled, as in MNIST. */
export const DIGIT_BOX = 20;

/**
 * A grayscale image: `width * height` ink values, row-major, 0 (paper) to
 * 255 (full ink).
 *
 * @example
 * ```ts
 * import type { InkImage } from "./preprocess.ts";
 * import assert from "node:assert/strict";
 *
 * const image: InkImage = { width: 2, height: 1, ink: Uint8Array.of(0, 255) };
 * assert.equal(image.ink.length, image.width * image.height);
 * ```
 */
export interface InkImage {
  /** Columns. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
  /** One value per pixel, 0–255. */
  readonly ink: ArrayLike<number>;
}

/** The smallest rectangle holding every inked pixel: columns `[left, right)`, rows `[top, bottom)`. */
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function inkBox(image: InkImage): Box | undefined {
  const { width, height, ink } = image;
  let left = width, top = height, right = 0, bottom = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0) {
        if (x < left) left = x;
        if (x >= right) right = x + 1;
        if (y < top) top = y;
        if (y >= bottom) bottom = y + 1;
      }
    }
  }
  return right === 0 ? undefined : { left, top, right, bottom };
}

/**
 * Resamples `length` values read by `at(i)` to `size` values with a box
 * filter: each output value is the mean of the input interval it covers,
 * fractional ends weighted by their share (antialiasing when shrinking).
 */
function resample1d(length: number, size: number, at: (i: number) => number, out: Float64Array) {
  const step = length / size;
  for (let o = 0; o < size; o++) {
    const from = o * step;
    const to = from + step;
    let sum = 0;
    for (let i = Math.floor(from); i < Math.ceil(to) && i < length; i++) {
      const overlap = Math.min(to, i + 1) - Math.max(from, i);
      if (overlap > 0) sum += overlap * at(i);
    }
    out[o] = sum / step;
  }
}

/**
 * Prepares a drawing as MNIST's digits were prepared: crops it to the
 * bounding box of its ink, scales that box (keeping its aspect ratio) so
 * that its longer side is 20 pixels, averaging the pixels each output pixel
 * covers (antialiasing), and places the result in a 28×28 field so that its
 * centre of mass sits at the field's centre.
 *
 * @param image The drawing, any size.
 * @returns 784 pixels, 0–255, row-major; all zero when nothing is drawn.
 * @throws {TypeError} If `ink` does not hold `width * height` values.
 *
 * @example A 2×4 bar becomes a 10×20 bar, centred
 * ```ts
 * import { toMnistPixels } from "./preprocess.ts";
 * import assert from "node:assert/strict";
 *
 * const bar = { width: 6, height: 8, ink: new Uint8Array(48) };
 * for (let y = 2; y < 6; y++) bar.ink.fill(255, y * 6 + 1, y * 6 + 3);
 * const pixels = toMnistPixels(bar);
 * assert.equal(pixels.filter((v) => v === 255).length, 10 * 20);
 * assert.equal(pixels[4 * 28 + 9], 255); // top row 4, columns 9–18
 * assert.equal(pixels[4 * 28 + 8], 0);
 * ```
 */
export function toMnistPixels(image: InkImage): Uint8Array {
  const { width, height, ink } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new TypeError(
      `Cannot prepare the drawing: its size must be whole pixels, not ${width}x${height}`,
    );
  }
  if (ink.length !== width * height) {
    throw new TypeError(
      `Cannot prepare the drawing: it is ${width}x${height} but holds ${ink.length} values`,
    );
  }
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  const box = inkBox(image);
  if (box === undefined) return out;

  const boxWidth = box.right - box.left;
  const boxHeight = box.bottom - box.top;
  const scale = DIGIT_BOX / Math.max(boxWidth, boxHeight);
  const w = Math.max(1, Math.min(DIGIT_BOX, Math.round(boxWidth * scale)));
  const h = Math.max(1, Math.min(DIGIT_BOX, Math.round(boxHeight * scale)));

  // Separable box filter: rows first (boxHeight x w), then columns (h x w).
  const rows = new Float64Array(boxHeight * w);
  const line = new Float64Array(Math.max(w, h));
  for (let y = 0; y < boxHeight; y++) {
    const offset = (box.top + y) * width + box.left;
    resample1d(boxWidth, w, (i) => ink[offset + i], line);
    rows.set(line.subarray(0, w), y * w);
  }
  const small = new Float64Array(h * w);
  for (let x = 0; x < w; x++) {
    resample1d(boxHeight, h, (i) => rows[i * w + x], line);
    for (let y = 0; y < h; y++) small[y * w + x] = line[y];
  }

  // Centre of mass, in pixel-centre coordinates, then the whole shift that
  // brings it nearest to the field's centre (14, 14).
  let mass = 0, sumX = 0, sumY = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = small[y * w + x];
      mass += v;
      sumX += v * (x + 0.5);
      sumY += v * (y + 0.5);
    }
  }
  const centre = MNIST_SIDE / 2;
  const dx = Math.round(centre - sumX / mass);
  const dy = Math.round(centre - sumY / mass);
  for (let y = 0; y < h; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= MNIST_SIDE) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + dx;
      if (tx < 0 || tx >= MNIST_SIDE) continue;
      out[ty * MNIST_SIDE + tx] = Math.min(255, Math.round(small[y * w + x]));
    }
  }
  return out;
}
