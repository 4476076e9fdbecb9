import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * The look every chart shares: the page's font, no border around the plot.
 * The font is a generic family, so the page loads nothing to draw text.
 */
const CONFIG = {
  font: "system-ui, sans-serif",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: "#eee" },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13, anchor: "start" as const },
};

/**
 * Renders a Vega-Lite chart to an SVG string when the report is written,
 * with no DOM, canvas or network: the page then carries the chart as plain
 * SVG and runs no script to draw it.
 *
 * @param spec A Vega-Lite spec with its data inline (`data: { values }`).
 * @returns The `<svg>` element's markup.
 *
 * @example
 * ```ts
 * import { vegaLiteSvg } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const svg = await vegaLiteSvg({
 *   data: { values: [{ x: 0, y: 1 }, { x: 1, y: 0 }] },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * });
 * assert.ok(svg.startsWith("<svg"));
 * ```
 */
export async function vegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile(
    { ...spec, config: { ...CONFIG, ...spec.config } } as TopLevelSpec,
  );
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
