import type { TopLevelSpec } from "vega-lite";

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

let charts = 0;

/**
 * Renders a Vega-Lite chart to an SVG string when the report is written,
 * with no DOM, canvas or network: the page then carries the chart as plain
 * SVG and runs no script to draw it. The SVG's ids (a legend's gradient,
 * clip paths) get a prefix of their own, so that several charts fit in one page.
 *
 * @param spec A Vega-Lite spec with its data inline (`data: { values }`).
 * @returns The `<svg>` element's markup.
 */
export async function vegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on the first chart, so that importing the package (as every CLI
  // command does) costs nothing until a report is drawn.
  const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const { spec: vegaSpec } = compile(
    { ...spec, config: { ...CONFIG, ...spec.config } } as TopLevelSpec,
  );
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    const prefix = `chart${++charts}-`;
    return (await view.toSVG())
      .replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`)
      .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`);
  } finally {
    view.finalize();
  }
}
