import type { RasterImage } from "./png.ts";
import { divergingColor } from "./weight_images.ts";

/**
 * One image's channels on the host, as a conv layer gives them:
 * `channels x height x width` values, channel-major (value (c, y, x) at
 * `c·H·W + y·W + x`).
 *
 * @example
 * ```ts
 * import type { FeatureMaps } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const maps: FeatureMaps = { channels: 16, height: 24, width: 24, values: new Float32Array(16 * 24 * 24) };
 * assert.equal(maps.values.length, maps.channels * maps.height * maps.width);
 * ```
 */
export interface FeatureMaps {
  /** C, the maps. */
  readonly channels: number;
  /** H, rows per map. */
  readonly height: number;
  /** W, pixels per row. */
  readonly width: number;
  /** `C·H·W` values, map by map. */
  readonly values: Float32Array;
}

/**
 * Draws each channel of one image's feature maps as an `H x W` image, every
 * map on one scale (the largest absolute value of them all), so that the
 * maps' strengths compare. Maps with no negative value (after a ReLU or a
 * pooling of one) are gray, white for zero to black for the scale; with
 * negative values they take the weights' palette, blue negative, white
 * zero, red positive.
 *
 * @param maps The feature maps.
 * @returns The shared scale, whether the palette is the diverging one, and one image per map.
 * @throws {TypeError} If a size is not a positive integer or `values` has the wrong length.
 *
 * @example
 * ```ts
 * import { featureMapImages } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const { scale, signed, images } = featureMapImages({ channels: 2, height: 1, width: 2, values: Float32Array.of(0, 1, 2, 4) });
 * assert.deepEqual([scale, signed, images.length], [4, false, 2]);
 * assert.deepEqual([...images[1].data], [128, 0]); // 2 is half the scale (mid gray), 4 all of it (black)
 * ```
 */
export function featureMapImages(
  maps: FeatureMaps,
): { scale: number; signed: boolean; images: RasterImage[] } {
  const { channels: C, height: H, width: W, values } = maps;
  for (const [name, size] of [["channels", C], ["height", H], ["width", W]] as const) {
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new TypeError(
        `Cannot draw feature maps: ${name} must be a positive integer, got ${size}`,
      );
    }
  }
  const P = H * W;
  if (values.length !== C * P) {
    throw new TypeError(
      `Cannot draw feature maps: ${C} maps of ${H}x${W} need ${C * P} values, got ${values.length}`,
    );
  }
  let scale = 0;
  let signed = false;
  for (const v of values) {
    if (Math.abs(v) > scale) scale = Math.abs(v);
    if (v < 0) signed = true;
  }
  const t = (v: number) => scale === 0 ? 0 : v / scale;
  const images: RasterImage[] = [];
  for (let c = 0; c < C; c++) {
    const map = values.subarray(c * P, (c + 1) * P);
    if (signed) {
      const data = new Uint8Array(P * 3);
      for (let p = 0; p < P; p++) data.set(divergingColor(t(map[p])), p * 3);
      images.push({ width: W, height: H, channels: 3, data });
    } else {
      const data = Uint8Array.from(map, (v) => Math.round(255 * (1 - t(v))));
      images.push({ width: W, height: H, channels: 1, data });
    }
  }
  return { scale, signed, images };
}
