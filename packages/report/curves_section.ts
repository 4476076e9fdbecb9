import type { TopLevelSpec } from "vega-lite";
import type { HistoryRow } from "./history.ts";
import type { Section } from "./section.ts";
import { vegaLiteSvg } from "./_vega_svg.ts";

type Metric = "loss" | "accuracy";

const ITERATION_AXIS = {
  field: "iteration",
  type: "quantitative",
  title: "iteration",
  axis: { tickMinStep: 1, format: "d" },
} as const;

/** The history in long form: one point per iteration, set and metric, measured points only. */
function points(history: readonly HistoryRow[], metric: Metric) {
  const values: { iteration: number; set: string; value: number }[] = [];
  for (const row of history) {
    const train = metric === "loss" ? row.trainLoss : row.trainAccuracy;
    const dev = metric === "loss" ? row.devLoss : row.devAccuracy;
    if (Number.isFinite(train)) {
      values.push({ iteration: row.iteration, set: "train", value: train });
    }
    if (dev !== undefined && Number.isFinite(dev)) {
      values.push({ iteration: row.iteration, set: "dev", value: dev });
    }
  }
  return values;
}

function curveSpec(history: readonly HistoryRow[], metric: Metric): TopLevelSpec {
  return {
    title: metric === "loss" ? "Loss (mean cross-entropy)" : "Accuracy",
    width: 470,
    height: 240,
    data: { values: points(history, metric) },
    // Markers show where each figure was measured, when there are few enough to see.
    mark: { type: "line", strokeWidth: 2, point: history.length <= 60 },
    encoding: {
      x: ITERATION_AXIS,
      y: {
        field: "value",
        type: "quantitative",
        title: metric,
        scale: { zero: metric === "accuracy" },
      },
      color: {
        field: "set",
        type: "nominal",
        title: null,
        scale: { domain: ["train", "dev"], range: ["#1f77b4", "#ff7f0e"] },
        legend: { orient: "bottom" },
      },
    },
  };
}

function learningRateSpec(history: readonly HistoryRow[]): TopLevelSpec {
  return {
    title: "Learning rate",
    width: 470,
    height: 120,
    data: { values: history.map((r) => ({ iteration: r.iteration, lr: r.learningRate })) },
    mark: { type: "line", strokeWidth: 2, color: "#555", interpolate: "step-after" },
    encoding: {
      x: ITERATION_AXIS,
      y: { field: "lr", type: "quantitative", title: "learning rate" },
    },
  };
}

/**
 * The "Training curves" section: loss and accuracy per iteration, train and
 * dev (dev where it was evaluated), and the learning rate when it changes.
 *
 * @param history One row per iteration.
 * @returns The section, or undefined for an empty history (nothing to draw).
 *
 * @example
 * ```ts
 * import { curvesSection } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const section = await curvesSection([
 *   { iteration: 0, trainLoss: 2.3, trainAccuracy: 0.1, devLoss: 2.2, devAccuracy: 0.2, learningRate: 0.1, seconds: 0.1 },
 *   { iteration: 1, trainLoss: 1.9, trainAccuracy: 0.3, devLoss: 1.8, devAccuracy: 0.3, learningRate: 0.1, seconds: 0.2 },
 * ]);
 * assert.equal((section?.html.match(/<svg/g) ?? []).length, 2); // a constant rate is not drawn
 * assert.equal(await curvesSection([]), undefined);
 * ```
 */
export async function curvesSection(history: readonly HistoryRow[]): Promise<Section | undefined> {
  if (history.length === 0) return undefined;
  const charts = [
    await vegaLiteSvg(curveSpec(history, "loss")),
    await vegaLiteSvg(curveSpec(history, "accuracy")),
  ];
  const rate = history[0].learningRate;
  if (history.some((r) => r.learningRate !== rate)) {
    charts.push(await vegaLiteSvg(learningRateSpec(history)));
  }
  const last = history[history.length - 1];
  const note = `<p>${history.length} iterations; train figures are measured during each ` +
    `iteration, dev figures after it${
      history.some((r) => r.devLoss === undefined) && history.some((r) => r.devLoss !== undefined)
        ? " (where it was evaluated)"
        : ""
    }; learning rate ${
      history.some((r) => r.learningRate !== rate) ? "varies (bottom chart)" : rate
    }; ${last.seconds.toFixed(2)} s in all.</p>`;
  return {
    id: "curves",
    title: "Training curves",
    html: `${note}<div class="charts">${
      charts.map((svg) => `<figure class="chart">${svg}</figure>`).join("")
    }</div>`,
  };
}
