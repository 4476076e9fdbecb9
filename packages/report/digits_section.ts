import type { TopLevelSpec } from "vega-lite";
import type { ClassReport } from "@simple-mnist/model";
import { formatNumber, type Section } from "./section.ts";
import { vegaLiteSvg } from "./_vega_svg.ts";

function metricsSpec(metrics: readonly ClassReport[]): TopLevelSpec {
  const values = metrics.flatMap((m) =>
    (["precision", "recall", "f1"] as const)
      .filter((name) => Number.isFinite(m[name]))
      .map((name) => ({ digit: m.label, metric: name === "f1" ? "F1" : name, value: m[name] }))
  );
  return {
    title: "Precision, recall and F1",
    width: 470,
    height: 240,
    data: { values },
    mark: "bar",
    encoding: {
      x: { field: "digit", type: "ordinal", axis: { labelAngle: 0 } },
      xOffset: { field: "metric", sort: ["precision", "recall", "F1"] },
      y: { field: "value", type: "quantitative", scale: { domain: [0, 1] }, title: null },
      color: {
        field: "metric",
        sort: ["precision", "recall", "F1"],
        scale: { range: ["#4c78a8", "#f58518", "#54a24b"] },
        legend: { orient: "bottom", title: null },
      },
    },
  };
}

/**
 * The "Per digit" section: precision, recall, F1 and support of each digit,
 * as a table and a bar chart.
 *
 * @param metrics One entry per digit.
 * @returns The section.
 *
 * @example
 * ```ts
 * import { digitsSection } from "@simple-mnist/report";
 * import { classReports } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const section = await digitsSection(classReports([[3, 1], [0, 4]]));
 * assert.match(section.html, /<td>0\.889<\/td>/); // digit 1's F1
 * ```
 */
export async function digitsSection(metrics: readonly ClassReport[]): Promise<Section> {
  const rows = metrics.map((m) =>
    `<tr><td>${m.label}</td><td>${formatNumber(m.precision)}</td><td>${
      formatNumber(m.recall)
    }</td><td>${formatNumber(m.f1)}</td><td>${m.support}</td></tr>`
  ).join("");
  const table = '<table class="metrics"><thead><tr><th>digit</th><th>precision</th>' +
    `<th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>${rows}</tbody></table>`;
  return {
    id: "digits",
    title: "Per digit",
    html: `<div class="side-by-side">${table}<figure class="chart">${await vegaLiteSvg(
      metricsSpec(metrics),
    )}</figure></div>`,
  };
}
