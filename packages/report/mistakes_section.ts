import { digitGallery, digitImage } from "./digit_gallery.ts";
import type { Examples } from "@simple-mnist/data";
import type { Probabilities } from "@simple-mnist/model";
import { mostConfidentlyWrong } from "./most_wrong.ts";
import { escapeHtml, type Section } from "./section.ts";

/**
 * The "Most confidently wrong" section: the images the net got wrong while
 * most sure of itself, each with its label, the prediction and the top
 * probabilities.
 *
 * @param set The images and their labels.
 * @param probabilities The net's probabilities for them.
 * @param options `count`: how many to show (default 25); `setName` for the text.
 * @returns The section, or undefined when the net got every image right.
 *
 * @example
 * ```ts
 * import { mistakesSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const set = { count: 2, features: 1, pixels: Uint8Array.of(0, 255), labels: Uint8Array.of(0, 1) };
 * const section = await mistakesSection(set, { count: 2, classes: 2, values: Float32Array.of(0.3, 0.7, 0.1, 0.9) });
 * assert.match(section!.html, /label 0/);
 * assert.equal(await mistakesSection(set, { count: 2, classes: 2, values: Float32Array.of(0.7, 0.3, 0.1, 0.9) }), undefined);
 * ```
 */
export async function mistakesSection(
  set: Required<Examples>,
  probabilities: Probabilities,
  options: { count?: number; setName?: string } = {},
): Promise<Section | undefined> {
  const mistakes = mostConfidentlyWrong(probabilities, set.labels, { count: options.count ?? 25 });
  if (mistakes.length === 0) return undefined;
  const side = Math.round(Math.sqrt(set.features));
  const gallery = await digitGallery(mistakes.map((m) => ({
    image: digitImage(set.pixels, m.index, side),
    alt: `image ${m.index}: label ${m.label}, predicted ${m.prediction}`,
    caption: `<b>label ${m.label}</b> → <b class="wrong">${m.prediction}</b><br>` +
      m.top.map((t) => `${t.label}: ${(100 * t.probability).toFixed(1)}%`).join("<br>") +
      `<br><small>#${m.index}</small>`,
  })));
  const of = options.setName === undefined ? "" : ` of ${escapeHtml(options.setName)}`;
  const note = `<p>The ${mistakes.length} images${of} that the net got wrong with the ` +
    `highest confidence, most confident first: the true label, the prediction, the three ` +
    `most probable digits, and the image's index in the set.</p>`;
  return { id: "mistakes", title: "Most confidently wrong", html: note + gallery };
}
