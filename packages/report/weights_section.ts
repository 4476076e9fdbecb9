import { digitGallery } from "./digit_gallery.ts";
import type { Section } from "./section.ts";
import { weightImages, type WeightMatrix } from "./weight_images.ts";

/**
 * The "First-layer weights" section: each unit's incoming weights as an
 * image (up to 64 units), red for positive, blue for negative, each unit
 * scaled to its own largest absolute weight.
 *
 * @param weights The first layer's weights, one row per unit.
 * @param options `max`: how many units to draw at most (default 64).
 * @returns The section.
 *
 * @example
 * ```ts
 * import { weightsSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const section = await weightsSection({ rows: 2, cols: 4, values: Float32Array.of(1, 0, 0, -1, 0, 1, 1, 0) });
 * assert.equal(section.html.match(/<img /g)?.length, 2);
 * ```
 */
export async function weightsSection(
  weights: WeightMatrix,
  options: { max?: number } = {},
): Promise<Section> {
  const images = weightImages(weights, options);
  const shown = images.length === weights.rows
    ? `all ${weights.rows} units`
    : `the first ${images.length} of ${weights.rows} units`;
  const note = `<p>What each first-layer unit responds to: ${shown}, one image per unit, ` +
    `its ${weights.cols} weights laid out as the input image. <span class="pos">Red</span> ` +
    `pixels raise the unit, <span class="neg">blue</span> ones lower it, white is zero; ` +
    `each unit is scaled to its own largest weight (shown as ±).</p>`;
  const gallery = await digitGallery(
    images.map(({ unit, scale, image }) => ({
      image,
      caption: `${unit} <small>±${scale.toPrecision(2)}</small>`,
      alt: `unit ${unit}`,
    })),
    { size: 84 },
  );
  return { id: "weights", title: "First-layer weights", html: note + gallery };
}
