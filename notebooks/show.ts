// What the notebooks show, drawn by the project's own code: digits as PNG
// images (the report's PNG encoder), and the report's sections (its
// Vega-Lite charts rendered to SVG, its tables and galleries) as rich output.
// Each function returns a value Jupyter displays: the last expression of a
// cell, or the argument of `Deno.jupyter.display`.
import { digitImage, encodePng, type RasterImage, type Section } from "@simple-mnist/report";

/** The symbol by which Deno's Jupyter kernel asks a value for its MIME bundle. */
export const DISPLAY = Symbol.for("Jupyter.display");

/** A value the Deno kernel displays as rich output. */
export interface Displayable {
  [DISPLAY](): Record<string, string>;
}

/**
 * Digits of a set side by side: `columns` to a row, each 28×28 image
 * scaled up `zoom` times, ink dark on white, one white pixel between them.
 *
 * @param pixels The set's pixels, sample-major.
 * @param indices Which samples.
 * @param options Image side (28), digits per row (12), zoom (2).
 * @returns The grid as a gray image.
 *
 * @example
 * ```ts
 * import { digitGrid } from "./show.ts";
 * import assert from "node:assert/strict";
 *
 * const grid = digitGrid(new Uint8Array(2 * 4), [0, 1], { side: 2, columns: 2, zoom: 1 });
 * assert.deepEqual([grid.width, grid.height], [5, 2]);
 * ```
 */
export function digitGrid(
  pixels: Uint8Array,
  indices: readonly number[],
  options: { side?: number; columns?: number; zoom?: number } = {},
): RasterImage {
  const { side = 28, columns = 12, zoom = 2 } = options;
  const across = Math.min(columns, indices.length);
  const down = Math.ceil(indices.length / columns);
  const cell = side * zoom + 1;
  const width = across * cell - 1;
  const height = down * cell - 1;
  const data = new Uint8Array(width * height).fill(255);
  indices.forEach((index, n) => {
    const digit = digitImage(pixels, index, side);
    const left = (n % columns) * cell;
    const top = Math.floor(n / columns) * cell;
    for (let y = 0; y < side * zoom; y++) {
      for (let x = 0; x < side * zoom; x++) {
        const value = digit.data[Math.floor(y / zoom) * side + Math.floor(x / zoom)];
        data[(top + y) * width + left + x] = value;
      }
    }
  });
  return { width, height, channels: 1, data };
}

/**
 * An image, displayed as a PNG.
 *
 * @param image The image.
 * @param caption Its text form, for a plain-text frontend.
 * @returns The displayable.
 *
 * @example
 * ```ts
 * import { DISPLAY, png } from "./show.ts";
 * import assert from "node:assert/strict";
 *
 * const shown = await png({ width: 1, height: 1, channels: 1, data: Uint8Array.of(0) }, "a dot");
 * const bundle = shown[DISPLAY]();
 * assert.match(bundle["image/png"], /^iVBOR/);
 * ```
 */
export async function png(image: RasterImage, caption = "an image"): Promise<Displayable> {
  const data = base64(await encodePng(image));
  return { [DISPLAY]: () => ({ "image/png": data, "text/plain": caption }) };
}

/**
 * A report section, displayed as its HTML (tables, galleries, charts).
 *
 * @param section The section (from `curvesSection`, `confusionSection`, …).
 * @returns The displayable.
 *
 * @example
 * ```ts
 * import { DISPLAY, html } from "./show.ts";
 * import assert from "node:assert/strict";
 *
 * const shown = html({ id: "x", title: "X", html: "<p>hi</p>" });
 * assert.match(shown[DISPLAY]()["text/html"], /<p>hi<\/p>$/);
 * ```
 */
export function html(section: Section): Displayable {
  return {
    [DISPLAY]: () => ({ "text/html": GALLERY_STYLE + section.html, "text/plain": section.title }),
  };
}

/** The report's image grid, laid out as its page lays it out (the page's stylesheet is not here). */
const GALLERY_STYLE = "<style>.gallery{display:grid;gap:12px 10px;" +
  "grid-template-columns:repeat(auto-fill,minmax(var(--tile),1fr))}" +
  ".gallery figure{margin:0}.gallery figcaption{font-size:12px}" +
  // Enlarged pixels stay sharp squares (a 5x5 filter drawn at 50 px), as on the report's page.
  ".gallery img{image-rendering:pixelated;border:1px solid #ddd}" +
  ".pos{color:#b2182b;font-weight:600}.neg{color:#2166ac;font-weight:600}</style>";

/**
 * The charts of a report section, each displayed as an SVG image: as an
 * `<img>` of the SVG for HTML frontends (nbconvert strips inline SVG of its
 * drawing), and as the SVG itself for the others.
 *
 * @param section A section that holds Vega-Lite charts.
 * @returns One displayable per chart.
 *
 * @example
 * ```ts
 * import { charts, DISPLAY } from "./show.ts";
 * import assert from "node:assert/strict";
 *
 * const [chart] = charts({ id: "x", title: "X", html: '<p>a</p><svg width="1"></svg>' });
 * assert.equal(chart[DISPLAY]()["image/svg+xml"], '<svg width="1"></svg>');
 * ```
 */
export function charts(section: Section): Displayable[] {
  return [...section.html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map(([svg]) => {
    const uri = `data:image/svg+xml;base64,${base64(new TextEncoder().encode(svg))}`;
    return {
      [DISPLAY]: () => ({
        "text/html": `<img src="${uri}" alt="${section.title}">`,
        "image/svg+xml": svg,
        "text/plain": section.title,
      }),
    };
  });
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
