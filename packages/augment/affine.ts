import { uniform } from "@simple-mnist/random";
import type { Prng } from "@simple-mnist/random";
import { sampleBilinear } from "./bilinear.ts";

/**
 * The ranges `randomAffine` draws from, each uniformly: a rotation of up to
 * ±12°, an isotropic scale of 0.9–1.1, a horizontal shear of up to ±0.2
 * (x′ = x + shear·y) and a shift of up to ±2 px along each axis, all about
 * the image's centre. Wide enough to add variety, narrow enough that a 6
 * stays a 6 and a 7 does not become a 1 (Simard et al. 2003 and the
 * MNIST table's "affine distortions" use ranges of this size).
 *
 * @example
 * ```ts
 * import { AFFINE_RANGES } from "@simple-mnist/augment";
 * import assert from "node:assert/strict";
 *
 * assert.equal(AFFINE_RANGES.rotationDegrees, 12);
 * ```
 */
export const AFFINE_RANGES = {
  rotationDegrees: 12,
  scale: 0.1,
  shear: 0.2,
  shift: 2,
} as const;

/**
 * One affine transform about the image's centre: the output pixel `p`
 * shows the source at `A⁻¹·(p − c − t) + c`, where `A = R(θ)·S(s)·H(shear)`.
 *
 * @example
 * ```ts
 * import type { AffineTransform } from "@simple-mnist/augment";
 * import assert from "node:assert/strict";
 *
 * const identity: AffineTransform = { rotation: 0, scale: 1, shear: 0, dx: 0, dy: 0 };
 * assert.equal(identity.scale, 1);
 * ```
 */
export interface AffineTransform {
  /** θ, radians, counter-clockwise as seen on screen. */
  readonly rotation: number;
  /** s, the same along both axes. */
  readonly scale: number;
  /** The horizontal shear: x′ = x + shear·y. */
  readonly shear: number;
  /** Shift right, pixels. */
  readonly dx: number;
  /** Shift down, pixels. */
  readonly dy: number;
}

/**
 * Applies an affine transform with bilinear sampling; what falls outside
 * the source reads as 0.
 *
 * @param image Row-major pixels, `width x height`.
 * @param out The destination, same size (must not be `image`).
 * @param width Pixels per row.
 * @param height Rows.
 * @param transform The transform.
 *
 * @example
 * ```ts
 * import { affineImage } from "@simple-mnist/augment";
 * import assert from "node:assert/strict";
 *
 * const image = Uint8Array.from({ length: 9 }, (_, i) => i * 10);
 * const out = new Uint8Array(9);
 * affineImage(image, out, 3, 3, { rotation: 0, scale: 1, shear: 0, dx: 0, dy: 0 });
 * assert.deepEqual(out, image);
 * ```
 */
export function affineImage(
  image: Uint8Array,
  out: Uint8Array,
  width: number,
  height: number,
  transform: AffineTransform,
): void {
  const { rotation, scale, shear, dx, dy } = transform;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  // A = R·S·H = [[a, b], [c, d]]; screen y points down, so a positive θ
  // turns counter-clockwise on screen.
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const a = scale * cos;
  const b = scale * (cos * shear + sin);
  const c = -scale * sin;
  const d = scale * (-sin * shear + cos);
  const det = a * d - b * c;
  // The source point of (x, y) is A⁻¹·(x − cx − dx, y − cy − dy) + c: affine
  // in x, so each row starts at its x = 0 point and steps by A⁻¹'s first column.
  const [stepX, stepY] = [d / det, -c / det];
  for (let y = 0; y < height; y++) {
    const v = y - cy - dy;
    const u = -cx - dx;
    let sx = (d * u - b * v) / det + cx;
    let sy = (-c * u + a * v) / det + cy;
    for (let x = 0; x < width; x++) {
      out[y * width + x] = Math.round(sampleBilinear(image, width, height, sx, sy));
      sx += stepX;
      sy += stepY;
    }
  }
}

/**
 * A random affine distortion within {@linkcode AFFINE_RANGES}.
 *
 * @param image Row-major pixels, `width x height`.
 * @param out The destination, same size (must not be `image`).
 * @param width Pixels per row.
 * @param height Rows.
 * @param prng The generator.
 *
 * @example
 * ```ts
 * import { randomAffine } from "@simple-mnist/augment";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const image = new Uint8Array(28 * 28).fill(255);
 * const out = new Uint8Array(28 * 28);
 * randomAffine(image, out, 28, 28, seededPrng(3));
 * assert.equal(out[14 * 28 + 14], 255); // the centre stays inside
 * ```
 */
export function randomAffine(
  image: Uint8Array,
  out: Uint8Array,
  width: number,
  height: number,
  prng: Prng,
): void {
  const r = AFFINE_RANGES;
  const degrees = uniform(prng, -r.rotationDegrees, r.rotationDegrees);
  affineImage(image, out, width, height, {
    rotation: degrees * Math.PI / 180,
    scale: uniform(prng, 1 - r.scale, 1 + r.scale),
    shear: uniform(prng, -r.shear, r.shear),
    dx: uniform(prng, -r.shift, r.shift),
    dy: uniform(prng, -r.shift, r.shift),
  });
}
