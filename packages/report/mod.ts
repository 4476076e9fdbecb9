/**
 * A self-contained HTML report of a training run: the run's details,
 * loss and accuracy curves, the confusion matrix, per-digit precision,
 * recall and F1, the first layer's weights as images (for a conv net,
 * its first filters and one digit's feature maps), and the most
 * confidently wrong images. Charts are Vega-Lite rendered to SVG when the
 * file is written; images are PNG data URIs; the page loads nothing.
 * Also the training history as CSV.
 *
 * @example Render a small report
 * ```ts
 * import { historyCsv, renderReport } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const history = [
 *   { iteration: 0, trainLoss: 2.3, trainAccuracy: 0.1, learningRate: 0.1, seconds: 0.1 },
 *   { iteration: 1, trainLoss: 2.0, trainAccuracy: 0.3, learningRate: 0.1, seconds: 0.2 },
 * ];
 * const html = await renderReport({
 *   title: "Training report",
 *   run: { facts: [["Architecture", "784-10-10"]] },
 *   history,
 *   firstLayer: { rows: 1, cols: 784, values: new Float32Array(784).fill(0.5) },
 * });
 * assert.match(html, /<section id="curves">/);
 * assert.match(html, /<section id="weights">/);
 * assert.equal(historyCsv(history).split("\n").length, 4);
 * ```
 *
 * @module
 */
export * from "./png.ts";
export * from "./history.ts";
export * from "./weight_images.ts";
export * from "./most_wrong.ts";
export * from "./section.ts";
export * from "./digit_gallery.ts";
export * from "./run_section.ts";
export * from "./curves_section.ts";
export * from "./confusion_section.ts";
export * from "./digits_section.ts";
export * from "./weights_section.ts";
export * from "./filter_images.ts";
export * from "./feature_map_images.ts";
export * from "./filters_section.ts";
export * from "./mistakes_section.ts";
export * from "./augmented_section.ts";
export * from "./report.ts";
export type { ClassReport, Evaluation, Examples, Probabilities } from "@simple-mnist/model";
