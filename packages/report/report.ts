import { type AugmentedSample, augmentedSection } from "./augmented_section.ts";
import { confusionSection } from "./confusion_section.ts";
import { curvesSection } from "./curves_section.ts";
import { digitsSection } from "./digits_section.ts";
import type { HistoryRow } from "./history.ts";
import type { Examples } from "@simple-mnist/data";
import { classifyProbabilities, classReports, type Probabilities } from "@simple-mnist/model";
import { mistakesSection } from "./mistakes_section.ts";
import { type RunDetails, runSection } from "./run_section.ts";
import { type ConvolutionView, filtersSection } from "./filters_section.ts";
import { escapeHtml, type Section } from "./section.ts";
import type { WeightMatrix } from "./weight_images.ts";
import { weightsSection } from "./weights_section.ts";

/**
 * Everything a report can show. Only `title` and `run` are required; each
 * other part that is given adds its sections.
 *
 * @example
 * ```ts
 * import type { ReportInput } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const input: ReportInput = { title: "A run", run: { facts: [["Seed", "0"]] } };
 * assert.equal(input.history, undefined);
 * ```
 */
export interface ReportInput {
  /** The page's title and heading. */
  readonly title: string;
  /** The run's facts and flags. */
  readonly run: RunDetails;
  /** Per-iteration metrics: adds the training curves. */
  readonly history?: readonly HistoryRow[];
  /**
   * A labelled set and the net's probabilities for it: adds the confusion
   * matrix, the per-digit figures and the most confidently wrong images.
   */
  readonly evaluation?: {
    /** What the set is, e.g. "the bundled MNIST test set (10000 images)". */
    readonly name: string;
    readonly images: Required<Examples>;
    readonly probabilities: Probabilities;
  };
  /** The first layer's weights (a dense layer's, one row per unit): adds their images. */
  readonly firstLayer?: WeightMatrix;
  /** A conv net's first convolution, and one digit's feature maps: adds their images. */
  readonly convolution?: ConvolutionView;
  /** Training images beside augmented versions of them: adds their section. */
  readonly augmented?: { readonly name: string; readonly samples: readonly AugmentedSample[] };
  /** Further sections, shown last, in order. */
  readonly sections?: readonly Section[];
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#222;background:#f6f6f4}
header,main{max-width:1180px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:24px;margin:0 0 6px;overflow-wrap:anywhere}
nav a{margin-right:14px;color:#2a5d9f;text-decoration:none}
section{background:#fff;border:1px solid #e2e2dd;border-radius:6px;margin:16px 0;padding:4px 20px 16px}
h2{font-size:19px;margin:14px 0 8px}
p{margin:6px 0 12px;max-width:75ch}
h3{font-size:15px;margin:16px 0 4px}
h4{font-size:14px;font-weight:600;margin:14px 0 6px}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:3px 16px;margin:6px 0}
dt{color:#666}dd{margin:0;overflow-wrap:anywhere}
dl.settings{columns:3 300px;column-gap:40px;margin:4px 0}
dl.settings div{display:grid;grid-template-columns:9.2em minmax(0,1fr);gap:12px;break-inside:avoid;padding:3px 0;border-bottom:1px solid #eee}
dl.settings dt{color:#222}.origin{color:#888}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}
th{color:#666;font-weight:600}
.charts,.side-by-side{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:0}
.chart svg{max-width:100%;height:auto;display:block}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(var(--tile),1fr));gap:12px 10px}
.tile{text-align:center;font-size:12px;line-height:1.3}
.augmented-row{margin-bottom:10px}.augmented-row .tile:first-child figcaption{font-weight:600}
.tile img{image-rendering:pixelated;border:1px solid #ddd;display:block;margin:0 auto 3px}
.wrong{color:#b2182b}.pos{color:#b2182b;font-weight:600}.neg{color:#2166ac;font-weight:600}
small{color:#777}
@media (max-width:480px){header,main{padding:0 8px}section{padding:4px 12px 12px}th,td{padding:3px 6px}}
`;

/**
 * Builds the sections that `input` has data for, in the report's order:
 * run, training curves, confusion matrix, per digit, first-layer weights,
 * most confidently wrong, augmented samples, then `input.sections`.
 *
 * @param input What the report shows.
 * @returns The sections.
 *
 * @example
 * ```ts
 * import { reportSections } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const sections = await reportSections({ title: "t", run: { facts: [] }, history: [] });
 * assert.deepEqual(sections.map((s) => s.id), ["run"]); // an empty history draws nothing
 * ```
 */
export async function reportSections(input: ReportInput): Promise<Section[]> {
  const sections: (Section | undefined)[] = [runSection(input.run)];
  if (input.history !== undefined) sections.push(await curvesSection(input.history));
  if (input.evaluation !== undefined) {
    const { name, images, probabilities } = input.evaluation;
    const result = classifyProbabilities(probabilities, images.labels);
    sections.push(await confusionSection(result, name));
    sections.push(await digitsSection(classReports(result.confusion)));
    sections.push(...await layerSections(input));
    sections.push(await mistakesSection(images, probabilities, { setName: name }));
  } else {
    sections.push(...await layerSections(input));
  }
  if (input.augmented !== undefined) {
    sections.push(await augmentedSection(input.augmented.name, input.augmented.samples));
  }
  sections.push(...input.sections ?? []);
  return sections.filter((s): s is Section => s !== undefined);
}

/** The first layer's weights, and a conv net's filters and feature maps, where given. */
async function layerSections(input: ReportInput): Promise<Section[]> {
  const sections: Section[] = [];
  if (input.firstLayer !== undefined) sections.push(await weightsSection(input.firstLayer));
  if (input.convolution !== undefined) sections.push(await filtersSection(input.convolution));
  return sections;
}

/**
 * Renders the report as one self-contained HTML page: styles inline,
 * charts as SVG, images as PNG data URIs, no script and nothing fetched,
 * so the file opens from disk anywhere.
 *
 * @param input What the report shows.
 * @returns The page's HTML.
 *
 * @example
 * ```ts
 * import { renderReport } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const html = await renderReport({ title: "Run <1>", run: { facts: [["Backend", "js"]] } });
 * assert.match(html, /^<!doctype html>/);
 * assert.match(html, /<title>Run &lt;1&gt;<\/title>/);
 * assert.match(html, /<section id="run">/);
 * ```
 */
export async function renderReport(input: ReportInput): Promise<string> {
  const sections = await reportSections(input);
  const title = escapeHtml(input.title);
  const nav = sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join("");
  const body = sections.map((s) =>
    `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${s.html}</section>`
  ).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${title}</h1><nav>${nav}</nav></header>
<main>
${body}
</main>
</body>
</html>
`;
}
