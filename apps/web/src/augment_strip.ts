/// <reference lib="dom" />
import { type AugmentName, createAugmenter } from "@simple-mnist/augment";
import { parseIdx } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { paintDigit } from "./digit_view.ts";
import { MNIST_SIDE } from "./preprocess.ts";

/** Training digits in the strip, and augmented versions beside each. */
const STRIP = { digits: 2, versions: 6 } as const;
/** The first training images, served as an IDX file of their own (see `mnist_files.ts`). */
const SAMPLES_URL = "/data/train-samples.idx";

/**
 * The first `count` training images the server samples.
 *
 * @param count Images wanted (at most the 16 served).
 * @returns Each image's 784 pixels.
 * @throws {Error} If the server answers an error or the file is not an IDX images file.
 */
export async function sampleDigits(count: number): Promise<Uint8Array[]> {
  const response = await fetch(SAMPLES_URL);
  if (!response.ok) {
    throw new Error(`Cannot load ${SAMPLES_URL}: the server answered ${response.status}`);
  }
  const images = parseIdx(new Uint8Array(await response.arrayBuffer()), SAMPLES_URL);
  const size = MNIST_SIDE * MNIST_SIDE;
  const shown = Math.min(count, images.dimensions[0]);
  return Array.from({ length: shown }, (_, i) => images.data.slice(i * size, (i + 1) * size));
}

/**
 * A strip of training digits, each beside versions of it transformed by
 * the recipe's augmentation, drawn with `@simple-mnist/augment` (what the
 * trainer applies to every batch) and painted as the page paints what the
 * net sees. Hidden for a recipe without augmentation.
 */
export class AugmentStrip {
  readonly #box: HTMLElement;
  readonly #title: HTMLElement;
  readonly #strip: HTMLElement;
  readonly #digits: () => Promise<Uint8Array[]>;
  #loaded: Promise<Uint8Array[]> | undefined;
  #shown: AugmentName = "none";

  /**
   * @param elements The box (hidden when there is nothing to show), its title and the strip.
   * @param digits Fetches the training digits, once, when first needed.
   */
  constructor(
    elements: { box: HTMLElement; title: HTMLElement; strip: HTMLElement },
    digits: () => Promise<Uint8Array[]> = () => sampleDigits(STRIP.digits),
  ) {
    this.#box = elements.box;
    this.#title = elements.title;
    this.#strip = elements.strip;
    this.#digits = digits;
  }

  /**
   * Shows the strip for an augmentation, or hides it for `none`.
   *
   * @param augment The recipe's augmentation.
   */
  async show(augment: AugmentName): Promise<void> {
    this.#shown = augment;
    if (augment === "none") {
      this.#box.hidden = true;
      this.#box.dataset.augment = "none";
      return;
    }
    this.#loaded ??= this.#digits();
    const digits = await this.#loaded;
    // Another recipe was picked while the digits loaded.
    if (this.#shown !== augment) return;
    // A fixed seed: the same recipe shows the same versions each time it is picked.
    const transform = createAugmenter(augment, seededPrng(1), MNIST_SIDE)!;
    const rows = digits.map((digit) => {
      const row = document.createElement("div");
      row.className = "augmented-row";
      const versions = Array.from({ length: STRIP.versions }, () => {
        const out = new Uint8Array(digit.length);
        transform(digit, out);
        return out;
      });
      for (const [index, pixels] of [digit, ...versions].entries()) {
        const canvas = document.createElement("canvas");
        canvas.width = MNIST_SIDE;
        canvas.height = MNIST_SIDE;
        canvas.setAttribute(
          "aria-label",
          index === 0 ? "a training digit" : `${augment} version ${index} of it`,
        );
        paintDigit(canvas.getContext("2d")!, pixels);
        row.append(canvas);
      }
      return row;
    });
    this.#strip.replaceChildren(...rows);
    this.#title.textContent = `What training sees with ${augment} augmentation: each training ` +
      `digit (outlined) and ${STRIP.versions} random versions of it; every batch draws new ones.`;
    this.#box.dataset.augment = augment;
    this.#box.hidden = false;
  }
}
