import { pngDataUri, type RasterImage } from "./png.ts";

/**
 * One tile of a gallery: an image and its caption (already escaped HTML).
 *
 * @example
 * ```ts
 * import type { GalleryTile } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const tile: GalleryTile = { image: { width: 1, height: 1, channels: 1, data: Uint8Array.of(0) }, caption: "#0" };
 * assert.equal(tile.caption, "#0");
 * ```
 */
export interface GalleryTile {
  /** The image, drawn enlarged with its pixels kept sharp. */
  readonly image: RasterImage;
  /** HTML under the image. */
  readonly caption: string;
  /** Text for `alt` and the tooltip. */
  readonly alt?: string;
}

/**
 * A digit as the page draws it: dark ink on white (MNIST stores ink as 255).
 *
 * @param pixels The set's pixels, sample-major.
 * @param index Which sample.
 * @param side The image's side (28 for MNIST).
 * @returns A gray image.
 *
 * @example
 * ```ts
 * import { digitImage } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const image = digitImage(Uint8Array.of(0, 255, 255, 0, 0, 0, 0, 255), 1, 2);
 * assert.deepEqual([...image.data], [255, 255, 255, 0]); // sample 1, ink dark
 * ```
 */
export function digitImage(pixels: Uint8Array, index: number, side: number): RasterImage {
  const size = side * side;
  const data = new Uint8Array(size);
  for (let k = 0; k < size; k++) data[k] = 255 - pixels[index * size + k];
  return { width: side, height: side, channels: 1, data };
}

/**
 * A grid of small images with captions, each image a PNG data URI. The
 * weights, the mistakes (and, later, augmented samples) all use it.
 *
 * @param tiles The images and captions, in order.
 * @param options `size`: CSS pixels per image side (default 84: 3x a 28-pixel digit).
 * @returns The grid's HTML.
 *
 * @example
 * ```ts
 * import { digitGallery } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const html = await digitGallery([{ image: { width: 1, height: 1, channels: 1, data: Uint8Array.of(0) }, caption: "a" }]);
 * assert.match(html, /<img src="data:image\/png;base64,/);
 * ```
 */
export async function digitGallery(
  tiles: readonly GalleryTile[],
  options: { size?: number } = {},
): Promise<string> {
  const size = options.size ?? 84;
  const items = await Promise.all(tiles.map(async ({ image, caption, alt }) => {
    const altText = alt === undefined ? "" : ` alt="${alt}" title="${alt}"`;
    return `<figure class="tile"><img src="${await pngDataUri(image)}" width="${size}" height="${
      Math.round(size * image.height / image.width)
    }"${altText}><figcaption>${caption}</figcaption></figure>`;
  }));
  return `<div class="gallery" style="--tile: ${size}px">${items.join("")}</div>`;
}
