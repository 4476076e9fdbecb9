/// <reference lib="dom" />
import uPlot from "uplot";
import { weightImages } from "./weight_images.ts";
import type { Progress } from "./worker_protocol.ts";

/** Most units drawn in the weight grid. */
const MAX_UNITS = 64;

function lineChart(
  target: HTMLElement,
  title: string,
  series: { label: string; stroke: string }[],
  range?: [number, number],
) {
  const options: uPlot.Options = {
    title,
    width: Math.max(200, target.clientWidth),
    height: 240,
    scales: { x: { time: false }, y: range ? { range } : {} },
    axes: [{ label: "epoch" }, {}],
    series: [{ label: "epoch" }, ...series.map((s) => ({ ...s, width: 2, spanGaps: true }))],
  };
  const chart = new uPlot(options, [[], ...series.map(() => [])], target);
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
  readonly #weights: HTMLCanvasElement;
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
   * @param elements Where each part goes.
   */
  constructor(elements: {
    loss: HTMLElement;
    accuracy: HTMLElement;
    weights: HTMLCanvasElement;
    weightsTitle: HTMLElement;
    figures: Record<"epoch" | "trainLoss" | "devAccuracy" | "testAccuracy" | "speed", HTMLElement>;
  }) {
    this.#loss = lineChart(elements.loss, "Loss", [
      { label: "train", stroke: "#6c8ebf" },
      { label: "dev", stroke: "#d0021b" },
    ]);
    this.#accuracy = lineChart(elements.accuracy, "Accuracy", [
      { label: "train", stroke: "#6c8ebf" },
      { label: "dev", stroke: "#d0021b" },
    ]);
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

  /** Draws the first layer's weights, one 28×28 image per unit (at most 64), twice enlarged. */
  weights(units: number, inputs: number, weights: Float32Array): void {
    const side = Math.round(Math.sqrt(inputs));
    const shown = Math.min(units, MAX_UNITS);
    const columns = Math.min(shown, 16);
    const grid = weightImages(weights.subarray(0, shown * inputs), shown, side, columns);
    this.#weightsTitle.textContent = `First layer's weights, one 28×28 image per hidden unit${
      shown < units ? ` (the first ${shown} of ${units})` : ` (${units})`
    }`;
    const scale = 2;
    this.#weights.width = grid.width;
    this.#weights.height = grid.height;
    this.#weights.style.width = `${grid.width * scale}px`;
    this.#weights.style.height = `${grid.height * scale}px`;
    this.#weights.getContext("2d")!.putImageData(
      new ImageData(grid.rgba as Uint8ClampedArray<ArrayBuffer>, grid.width, grid.height),
      0,
      0,
    );
  }

  #redraw(): void {
    this.#loss.setData([this.#x, this.#trainLoss, this.#devLoss] as uPlot.AlignedData);
    this.#accuracy.setData([this.#x, this.#trainAccuracy, this.#devAccuracy] as uPlot.AlignedData);
  }
}
