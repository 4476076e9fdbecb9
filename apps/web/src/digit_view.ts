/// <reference lib="dom" />
import { MNIST_SIDE } from "./preprocess.ts";

/**
 * Paints a 28×28 digit (ink 0–255, MNIST's convention: white on black) on a
 * canvas of that size, one canvas pixel per image pixel.
 *
 * @param context The canvas's 2D context.
 * @param pixels The 784 pixels, row-major.
 */
export function paintDigit(context: CanvasRenderingContext2D, pixels: Uint8Array): void {
  const image = context.createImageData(MNIST_SIDE, MNIST_SIDE);
  for (let i = 0; i < pixels.length; i++) {
    image.data.fill(pixels[i], 4 * i, 4 * i + 3);
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/**
 * Shows what the net sees and what it reads: the 28×28 input, the predicted
 * digit, and a bar per digit for its probability.
 */
export class DigitView {
  readonly #seen: CanvasRenderingContext2D;
  readonly #prediction: HTMLElement;
  readonly #rows: { item: HTMLElement; fill: HTMLElement; value: HTMLElement }[] = [];

  /**
   * @param seen The 28×28 canvas.
   * @param prediction Where the predicted digit goes.
   * @param bars The list that gets one row per digit.
   */
  constructor(seen: HTMLCanvasElement, prediction: HTMLElement, bars: HTMLElement) {
    this.#seen = seen.getContext("2d")!;
    this.#prediction = prediction;
    for (let digit = 0; digit < 10; digit++) {
      const item = document.createElement("li");
      item.dataset.digit = String(digit);
      const label = document.createElement("span");
      label.className = "digit";
      label.textContent = String(digit);
      const track = document.createElement("span");
      track.className = "track";
      const fill = document.createElement("span");
      fill.className = "fill";
      fill.style.display = "block";
      track.append(fill);
      const value = document.createElement("span");
      value.className = "value";
      item.append(label, track, value);
      bars.append(item);
      this.#rows.push({ item, fill, value });
    }
    this.show(new Uint8Array(MNIST_SIDE * MNIST_SIDE), undefined);
  }

  /**
   * Shows an input and, when there is one, the net's reading of it.
   *
   * @param pixels The 784 prepared pixels.
   * @param probabilities The ten probabilities, or undefined for a blank pad.
   */
  show(pixels: Uint8Array, probabilities: Float32Array | undefined): void {
    paintDigit(this.#seen, pixels);
    let best = -1;
    if (probabilities !== undefined) {
      best = 0;
      for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[best]) best = d;
    }
    this.#prediction.textContent = best < 0 ? "–" : String(best);
    this.#prediction.dataset.digit = best < 0 ? "" : String(best);
    for (const [digit, row] of this.#rows.entries()) {
      const p = probabilities?.[digit] ?? 0;
      row.fill.style.width = `${(100 * p).toFixed(1)}%`;
      row.value.textContent = probabilities === undefined ? "" : `${(100 * p).toFixed(1)}%`;
      row.item.classList.toggle("top", digit === best);
    }
  }
}
