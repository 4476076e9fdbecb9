/// <reference lib="dom" />
import uPlot from "uplot";
// The report's own drawing of weights (its module alone, not the charts).
import { weightImages } from "@simple-mnist/report/weight-images";
import type { FromWorker, Progress } from "./worker_protocol.ts";

type WeightsMessage = Extract<FromWorker, { type: "weights" }>;

/** Most units drawn in the weight grid. */
const MAX_UNITS = 64;
/** What an empty chart says. */
export const EMPTY_CHART = "Train to see the curves";

/** A curve of a chart: its name in the legend, color, and digits its values show. */
interface Curve {
  label: string;
  stroke: string;
  digits: number;
}

/**
 * A uPlot line chart over epochs that has axes, titled, before it has data
 * (`empty` gives the y range then), says "train to see the curves" until
 * the first point, and whose legend shows the latest values (the hovered
 * point's while the pointer is over the plot).
 */
function lineChart(
  target: HTMLElement,
  title: string,
  yLabel: string,
  curves: Curve[],
  empty: [number, number],
) {
  const shown = (digits: number) => (_u: uPlot, v: number | null) =>
    v === null || v === undefined ? "–" : v.toFixed(digits);
  const options: uPlot.Options = {
    title,
    width: Math.max(200, target.clientWidth),
    height: 240,
    scales: {
      x: {
        time: false,
        // From epoch 0, before the data too, so that the axes are there from the start.
        range: (_u, _min, max) => [0, max === null || !(max > 0) ? 1 : max],
      },
      y: {
        range: (_u, min, max) =>
          min === null || max === null ? empty : uPlot.rangeNum(min, max, 0.1, true),
      },
    },
    axes: [{ label: "epoch" }, { label: yLabel }],
    series: [
      { label: "epoch", value: shown(2) },
      ...curves.map((c) => ({
        label: c.label,
        stroke: c.stroke,
        width: 2,
        spanGaps: true,
        value: shown(c.digits),
      })),
    ],
    hooks: {
      // Off the plot the legend would say "--": it shows the last point instead.
      setLegend: [(u) => {
        const last = u.data[0].length - 1;
        const hovering = u.cursor.idx !== null && u.cursor.idx !== undefined;
        if (!hovering && last >= 0 && u.legend.idx !== last) u.setLegend({ idx: last }, false);
      }],
    },
  };
  const chart = new uPlot(options, [[], ...curves.map(() => [])], target);
  const note = document.createElement("p");
  note.className = "chart-empty";
  note.textContent = EMPTY_CHART;
  chart.over.append(note);
  target.dataset.empty = "true";
  // The box is as wide as the panel allows, at most 500 px (see style.css); the chart follows it.
  new ResizeObserver(() => {
    const width = Math.max(200, target.clientWidth);
    if (width !== chart.width) chart.setSize({ width, height: 240 });
  }).observe(target);
  return chart;
}

/** The curves, the figures and the first layer's weights of a training run. */
export class TrainingView {
  readonly #loss: uPlot;
  readonly #accuracy: uPlot;
  readonly #charts: HTMLElement[];
  readonly #weights: HTMLElement;
  readonly #weightsTitle: HTMLElement;
  readonly #figures: Record<
    "epoch" | "trainLoss" | "devAccuracy" | "testAccuracy" | "speed",
    HTMLElement
  >;
  #x: number[] = [];
  #trainLoss: (number | null)[] = [];
  #devLoss: (number | null)[] = [];
  #trainAccuracy: (number | null)[] = [];
  #devAccuracy: (number | null)[] = [];

  /**
   * @param elements Where each part goes; `weights` gets one small canvas per unit.
   */
  constructor(elements: {
    loss: HTMLElement;
    accuracy: HTMLElement;
    weights: HTMLElement;
    weightsTitle: HTMLElement;
    figures: Record<"epoch" | "trainLoss" | "devAccuracy" | "testAccuracy" | "speed", HTMLElement>;
  }) {
    const curves = (digits: number) => [
      { label: "train", stroke: "#6c8ebf", digits },
      { label: "dev", stroke: "#d0021b", digits },
    ];
    this.#loss = lineChart(elements.loss, "Loss", "cross-entropy loss", curves(3), [0, 2.5]);
    this.#accuracy = lineChart(elements.accuracy, "Accuracy", "accuracy", curves(3), [0, 1]);
    this.#charts = [elements.loss, elements.accuracy];
    this.#weights = elements.weights;
    this.#weightsTitle = elements.weightsTitle;
    this.#figures = elements.figures;
  }

  /** Forgets the previous run. */
  reset(): void {
    this.#x = [];
    this.#trainLoss = [];
    this.#devLoss = [];
    this.#trainAccuracy = [];
    this.#devAccuracy = [];
    this.#redraw();
    for (const element of Object.values(this.#figures)) element.textContent = "–";
  }

  /** Adds a point to the curves and updates the figures. */
  add(progress: Progress): void {
    const value = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
    this.#x.push(progress.epoch);
    this.#trainLoss.push(value(progress.loss));
    this.#devLoss.push(value(progress.devLoss));
    this.#trainAccuracy.push(value(progress.accuracy));
    this.#devAccuracy.push(value(progress.devAccuracy));
    this.#redraw();
    this.#figures.epoch.textContent = progress.epoch.toFixed(2);
    if (!Number.isNaN(progress.loss)) {
      this.#figures.trainLoss.textContent = progress.loss.toFixed(4);
    }
    if (progress.devAccuracy !== undefined) {
      this.#figures.devAccuracy.textContent = progress.devAccuracy.toFixed(3);
      this.#figures.devAccuracy.dataset.value = String(progress.devAccuracy);
    }
    this.#figures.speed.textContent = `${
      Math.round(progress.samplesPerSecond).toLocaleString("en")
    } images/s`;
  }

  /** Shows the test accuracy after an epoch. */
  epochDone(testAccuracy: number): void {
    this.#figures.testAccuracy.textContent = testAccuracy.toFixed(3);
    this.#figures.testAccuracy.dataset.value = String(testAccuracy);
  }

  /**
   * Draws the first learning layer's weights, one image per unit (at most
   * 64): 28×28 for a dense layer over the pixels, k×k for a convolution's
   * filters; each its own canvas, so that the images wrap to the panel's
   * width on any screen (style.css draws each at least 56 px wide). Where a
   * unit's weights are no square image (`side` null) it says so instead.
   */
  weights(message: Pick<WeightsMessage, "layer" | "units" | "inputs" | "side" | "weights">): void {
    const { layer, units, inputs, side, weights } = message;
    const conv = layer === "conv2d";
    const [what, each] = conv ? ["filters", "filter"] : ["weights", "unit"];
    if (side === null) {
      this.#weightsTitle.textContent = `First layer's ${what}: each ${each} has ${inputs} ${
        conv ? "weights over several channels" : "inputs, not a square image"
      }, so they are not drawn`;
      this.#weights.replaceChildren();
      return;
    }
    const images = weightImages({ rows: units, cols: inputs, values: weights }, { max: MAX_UNITS });
    const shown = images.length;
    this.#weightsTitle.textContent = `First layer's ${what}, one ${side}×${side} image per ${each}${
      shown < units ? ` (the first ${shown} of ${units})` : ` (${units})`
    }`;
    this.#weights.dataset.layer = layer;
    const canvases = this.#weights.querySelectorAll("canvas");
    if (canvases.length !== shown || canvases[0]?.width !== side) {
      this.#weights.replaceChildren(...Array.from({ length: shown }, () => {
        const canvas = document.createElement("canvas");
        canvas.width = side;
        canvas.height = side;
        return canvas;
      }));
    }
    for (const [unit, canvas] of this.#weights.querySelectorAll("canvas").entries()) {
      const { image } = images[unit];
      // RGB to the canvas's RGBA.
      const rgba = new Uint8ClampedArray(4 * side * side).fill(255);
      for (let k = 0; k < side * side; k++) rgba.set(image.data.subarray(3 * k, 3 * k + 3), 4 * k);
      canvas.getContext("2d")!.putImageData(new ImageData(rgba, side, side), 0, 0);
    }
  }

  #redraw(): void {
    this.#loss.setData([this.#x, this.#trainLoss, this.#devLoss] as uPlot.AlignedData);
    this.#accuracy.setData([this.#x, this.#trainAccuracy, this.#devAccuracy] as uPlot.AlignedData);
    for (const chart of this.#charts) chart.dataset.empty = String(this.#x.length === 0);
  }
}
