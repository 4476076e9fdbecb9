import { digitGallery } from "./digit_gallery.ts";
import type { RasterImage } from "./png.ts";
import { escapeHtml, type Section } from "./section.ts";

/**
 * One training image and augmented versions of it, as training saw them:
 * square images of bytes, ink high (MNIST's convention).
 *
 * @example
 * ```ts
 * import type { AugmentedSample } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const sample: AugmentedSample = { index: 0, label: 5, original: new Uint8Array(4), versions: [new Uint8Array(4)] };
 * assert.equal(sample.versions.length, 1);
 * ```
 */
export interface AugmentedSample {
  /** The image's index in the training set. */
  readonly index: number;
  /** Its label, if known. */
  readonly label?: number;
  /** The image as stored. */
  readonly original: Uint8Array;
  /** Augmented versions, each as many bytes as the original. */
  readonly versions: readonly Uint8Array[];
}

function inked(pixels: Uint8Array): RasterImage {
  const side = Math.round(Math.sqrt(pixels.length));
  if (side * side !== pixels.length) {
    throw new TypeError(`Cannot draw a sample: ${pixels.length} pixels is not a square image`);
  }
  return { width: side, height: side, channels: 1, data: pixels.map((p) => 255 - p) };
}

/**
 * The "Augmented samples" section: a few training images, each followed by
 * augmented versions of it, one row per image.
 *
 * @param name The augmentation, e.g. `affine`.
 * @param samples The images and their versions.
 * @returns The section, or undefined when there are no samples.
 * @throws {TypeError} If an image is not square.
 *
 * @example
 * ```ts
 * import { augmentedSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const sample = { index: 3, label: 7, original: new Uint8Array(4), versions: [new Uint8Array(4), new Uint8Array(4)] };
 * const section = await augmentedSection("shift", [sample]);
 * assert.equal(section?.html.match(/<img /g)?.length, 3);
 * assert.equal(await augmentedSection("shift", []), undefined);
 * ```
 */
export async function augmentedSection(
  name: string,
  samples: readonly AugmentedSample[],
): Promise<Section | undefined> {
  if (samples.length === 0) return undefined;
  const rows = await Promise.all(samples.map((s) =>
    digitGallery([
      {
        image: inked(s.original),
        caption: `<b>#${s.index}${s.label === undefined ? "" : ` (${s.label})`}</b>`,
        alt: `training image ${s.index}`,
      },
      ...s.versions.map((v, i) => ({
        image: inked(v),
        caption: `${escapeHtml(name)} ${i + 1}`,
        alt: `training image ${s.index}, ${name} ${i + 1}`,
      })),
    ], { size: 70 })
  ));
  const versions = samples[0].versions.length;
  const note = `<p>What training saw with <code>--augment ${escapeHtml(name)}</code>: ` +
    `${samples.length} training images (first in each row, bold), each beside ${versions} ` +
    `versions drawn by the same augmentation with a seed of its own (the run's own draws ` +
    `are not replayed).</p>`;
  return {
    id: "augmented",
    title: "Augmented samples",
    html: note + rows.map((row) => `<div class="augmented-row">${row}</div>`).join(""),
  };
}
