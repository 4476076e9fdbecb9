import type { TopLevelSpec } from "vega-lite";
import type { Evaluation } from "@simple-mnist/model";
import { escapeHtml, formatNumber, type Section } from "./section.ts";
import { vegaLiteSvg } from "./_vega_svg.ts";

function confusionSpec(confusion: readonly (readonly number[])[]): TopLevelSpec {
  const cells = confusion.flatMap((row, label) =>
    row.map((count, prediction) => ({ label, prediction, count }))
  );
  const max = Math.max(1, ...cells.map((c) => c.count));
  const axis = (title: string) => ({
    field: title === "true label" ? "label" : "prediction",
    type: "ordinal" as const,
    title,
    axis: {
      labelAngle: 0,
      orient: title === "true label" ? "left" as const : "top" as const,
      grid: false,
    },
  });
  return {
    width: 420,
    height: 420,
    data: { values: cells },
    encoding: { y: axis("true label"), x: axis("predicted") },
    layer: [
      {
        mark: "rect",
        encoding: {
          color: {
            field: "count",
            type: "quantitative",
            // A square-root scale, or the diagonal's hundreds drown the confusions.
            // White at zero, so that an empty cell reads as empty.
            scale: { type: "sqrt", domain: [0, max], range: ["#ffffff", "#08519c"] },
            legend: { title: "count" },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "count", type: "quantitative" },
          color: {
            condition: { test: `datum.count > ${max * 0.3}`, value: "white" },
            value: "#222",
          },
        },
      },
    ],
  };
}

/**
 * The "Confusion matrix" section: a heatmap with the count in each cell
 * (rows: true label, columns: prediction).
 *
 * @param result The set's classification.
 * @param setName What the set is, e.g. "the test set (10000 images)".
 * @returns The section.
 *
 * @example
 * ```ts
 * import { confusionSection } from "@simple-mnist/report";
 * import { classifyProbabilities } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const result = classifyProbabilities({ count: 2, classes: 2, values: Float32Array.of(0.9, 0.1, 0.2, 0.8) }, Uint8Array.of(0, 0));
 * const section = await confusionSection(result, "two images");
 * assert.match(section.html, /<svg/);
 * ```
 */
export async function confusionSection(result: Evaluation, setName: string): Promise<Section> {
  const note =
    `<p>On ${escapeHtml(setName)}, ${result.count} images: accuracy ${
      formatNumber(result.accuracy)
    }, ` +
    `loss ${formatNumber(result.loss, 4)}. Rows are the true digit, columns the prediction; ` +
    `the diagonal is right.</p>`;
  return {
    id: "confusion",
    title: "Confusion matrix",
    html: `${note}<figure class="chart">${await vegaLiteSvg(
      confusionSpec(result.confusion),
    )}</figure>`,
  };
}
