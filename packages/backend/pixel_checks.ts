import { expectShape } from "./checks.ts";
import type { PixelImages } from "./pixel_images.ts";
import type { Tensor } from "./tensor.ts";

/**
 * The check of `uploadPixels` (its entry in `OP_CHECKS`): `dst` must be
 * `features x indices.length`, the buffer exactly `count · features` bytes,
 * and every index an integer in `[0, count)`, so that no backend reads past
 * the buffer or traps inside a kernel.
 *
 * @param dst The tensor the batch goes to.
 * @param images The images to gather from.
 * @param indices Which images, one per column.
 * @throws {TypeError} On a shape, or a buffer length, that does not match.
 * @throws {RangeError} On an index outside `[0, count)`, naming it and where it is.
 *
 * @example
 * ```ts
 * import { checkPixelUpload } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const images = { count: 2, features: 3, pixels: new Uint8Array(6) };
 * checkPixelUpload({ rows: 3, cols: 2 }, images, [1, 0]);
 * assert.throws(() => checkPixelUpload({ rows: 3, cols: 1 }, images, [2]), {
 *   name: "RangeError",
 *   message: "Cannot upload pixels: index 2 (at position 0) is not an image of the 2 (0 to 1)",
 * });
 * assert.throws(
 *   () => checkPixelUpload({ rows: 3, cols: 1 }, { ...images, pixels: new Uint8Array(5) }, [0]),
 *   { name: "TypeError", message: "Cannot upload pixels: the buffer holds 5 bytes but 2 images of 3 pixels need 6" },
 * );
 * ```
 */
export function checkPixelUpload(
  dst: Tensor,
  images: PixelImages,
  indices: ArrayLike<number>,
): void {
  const action = "Cannot upload pixels";
  const { count, features, pixels } = images;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(features) || features < 1) {
    throw new TypeError(
      `${action}: count must be an integer ≥ 0 and features one ≥ 1, not ${count} and ${features}`,
    );
  }
  if (!(pixels instanceof Uint8Array)) {
    throw new TypeError(`${action}: the pixels must be a Uint8Array`);
  }
  if (pixels.length !== count * features) {
    throw new TypeError(
      `${action}: the buffer holds ${pixels.length} bytes but ${count} images of ${features} pixels need ${
        count * features
      }`,
    );
  }
  expectShape(action, "dst", dst, features, indices.length);
  for (let j = 0; j < indices.length; j++) {
    const index = indices[j];
    if (!(Number.isInteger(index) && index >= 0 && index < count)) {
      throw new RangeError(
        `${action}: index ${index} (at position ${j}) is not an image of the ${count} (0 to ${
          count - 1
        })`,
      );
    }
  }
}
