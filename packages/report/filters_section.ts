import { digitGallery } from "./digit_gallery.ts";
import { featureMapImages, type FeatureMaps } from "./feature_map_images.ts";
import { type FilterBank, filterImages } from "./filter_images.ts";
import type { RasterImage } from "./png.ts";
import { escapeHtml, type Section } from "./section.ts";

/**
 * What the filters section draws: a conv net's first convolution and, for
 * one digit, the feature maps its first layers make.
 *
 * @example
 * ```ts
 * import type { ConvolutionView } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const view: ConvolutionView = {
 *   layer: "conv2d(2, 3)",
 *   filters: { filters: 2, channels: 1, kernel: 3, values: new Float32Array(18) },
 * };
 * assert.equal(view.digit, undefined);
 * ```
 */
export interface ConvolutionView {
  /** The first convolution as the net names it, e.g. `conv2d(16, 5)`. */
  readonly layer: string;
  /** Its filters. */
  readonly filters: FilterBank;
  /** One digit run through the net's first layers: adds its feature maps. */
  readonly digit?: {
    /** The digit as drawn (dark ink on white, as the other galleries). */
    readonly image: RasterImage;
    /** HTML that says which digit it is, e.g. `test image 0: a 7, read as 7`. */
    readonly caption: string;
    /** The maps after each of the first layers, in order, e.g. `conv2d(16, 5) → relu()`. */
    readonly stages: readonly { readonly after: string; readonly maps: FeatureMaps }[];
  };
}

/**
 * The smallest whole multiple of `side` pixels that is at least `least`:
 * images are drawn at whole multiples of their side, so every pixel is as
 * large as the next. Maps at 44 or more fit 16 to a row at 1280 px.
 */
const tileSize = (side: number, least = 44) => side * Math.max(1, Math.ceil(least / side));

/**
 * The "First-layer filters" section of a conv net: each filter of the first
 * convolution as a `k x k` image, red positive, blue negative, white zero,
 * all on one shared scale (the bank's largest absolute weight); then one
 * digit's feature maps after each of the first layers, each row of maps on
 * its own shared scale (gray, white zero to black the row's largest value,
 * for maps with no negative value; the weights' palette otherwise).
 *
 * @param view The filters, and the digit with its maps.
 * @returns The section.
 *
 * @example
 * ```ts
 * import { filtersSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const section = await filtersSection({
 *   layer: "conv2d(2, 2)",
 *   filters: { filters: 2, channels: 1, kernel: 2, values: Float32Array.of(1, 0, 0, -1, 0, 1, 1, 0) },
 * });
 * assert.equal(section.id, "filters");
 * assert.equal(section.html.match(/<img /g)?.length, 2);
 * ```
 */
export async function filtersSection(view: ConvolutionView): Promise<Section> {
  const { filters: bank } = view;
  const { scale, images } = filterImages(bank);
  const layer = escapeHtml(view.layer);
  const over = bank.channels === 1
    ? `a ${bank.kernel}x${bank.kernel} window slid over the image`
    : `${bank.channels} windows of ${bank.kernel}x${bank.kernel}, one per input channel, side by side`;
  const parts = [
    `<p>The first convolution, ${layer}: its ${bank.filters} filters, each ${over}. ` +
    `<span class="pos">Red</span> weights raise the filter's output where the pixel under them ` +
    `is ink, <span class="neg">blue</span> ones lower it, white is zero. All filters share one ` +
    `scale, ±${
      scale.toPrecision(2)
    } (the largest weight of any), so faint filters are weak ones; ` +
    `each filter's own largest weight is under it.</p>`,
    await digitGallery(
      images.map(({ filter, largest, image }) => ({
        image,
        caption: `${filter + 1} <small>±${largest.toPrecision(2)}</small>`,
        alt: `filter ${filter + 1}`,
      })),
      { size: tileSize(bank.channels * bank.kernel + bank.channels - 1, 50) },
    ),
  ];
  if (view.digit !== undefined) {
    const { image, caption, stages } = view.digit;
    parts.push(
      `<h3>One digit's feature maps</h3><p>What the first layers make of ${caption}: each map ` +
        `is one filter's output at every position of the window. In each row the maps share ` +
        `one scale, the row's largest value, so the maps' strengths compare.</p>`,
      await digitGallery([{ image, caption: "the input", alt: "the input digit" }], {
        size: tileSize(image.width),
      }),
    );
    for (const { after, maps } of stages) {
      const drawn = featureMapImages(maps);
      const palette = drawn.signed
        ? `blue negative, white zero, red +${drawn.scale.toPrecision(2)}`
        : `white 0, black ${drawn.scale.toPrecision(2)}`;
      parts.push(
        `<h4>After ${escapeHtml(after)}: ${maps.channels} maps of ${maps.height}x${maps.width} ` +
          `<small>(${palette})</small></h4>`,
        await digitGallery(
          drawn.images.map((map, c) => ({
            image: map,
            caption: `${c + 1}`,
            alt: `map ${c + 1} after ${escapeHtml(after)}`,
          })),
          { size: tileSize(maps.width) },
        ),
      );
    }
  }
  return { id: "filters", title: "First-layer filters", html: parts.join("") };
}
