// A net trained in the page: a recipe's run on the shared trainer, whose
// callback reports progress to the page as it goes.
import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Dataset, Examples } from "@simple-mnist/data";
import {
  type Callback,
  encodeModel,
  type EpochLogs,
  Evaluator,
  type StepLogs,
  type Trainer,
} from "@simple-mnist/model";
import { createRun, resolve, type ResolvedRecipe, type Run } from "@simple-mnist/recipe";
import { seededPrng } from "@simple-mnist/random";
import { netName } from "./net_name.ts";
import type { PageRecipe } from "./recipes.ts";
import type { FromWorker } from "./worker_protocol.ts";

/** Training samples per progress point of a mini-batch epoch in the page. */
export const PROGRESS_SAMPLES = 2048;
/** Full-batch epochs between dev evaluations. */
const DEV_EVERY = 10;
/** Full-batch epochs between updates of the weight images and the model file. */
const REPORT_EVERY = 50;
/** Progress points of a mini-batch epoch between updates of the weight images. */
const WEIGHTS_EVERY = 8;
/** The longest the worker goes without letting a message (a stop) in, in ms. */
const YIELD_MS = 100;

/** The images the page trains on: the fit and dev split of the training set, and the test set. */
export interface PageData {
  /** The training images. */
  readonly fit: Dataset;
  /** The held-out dev images. */
  readonly dev: Examples;
  /** The test images. */
  readonly test: Examples;
}

/**
 * One net trained in the page by a recipe: the CLI's own run (the same
 * `resolve()`, net, update rule and trainer), with a callback that posts
 * progress points, the first layer's weights and the model file to the
 * page, and lets the page's messages in between steps. A stop is an
 * `AbortSignal`; the next `train` goes on from where it stopped.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example Two epochs of a small recipe, stopped and continued
 * ```ts
 * import { PageTraining } from "./page_training.ts";
 * import { PAGE_RECIPES } from "./recipes.ts";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const { train, test } = await loadMnist();
 * const { train: fit, dev } = splitDev(limitRows(train, 1100), 100, seededPrng(0));
 * const posted: string[] = [];
 * const page = new PageTraining(new JsBackend(), PAGE_RECIPES[1], { fit, dev, test: limitRows(test!, 100) }, 0, (m) => void posted.push(m.type));
 * assert.equal(page.shape, "784-32-10");
 * assert.equal(page.id, "small");
 * assert.equal(await page.train(1), true);
 * assert.equal(page.epochs, 1);
 * assert.ok(page.runSeconds > 0);
 * assert.ok(posted.includes("progress") && posted.includes("epoch") && posted.includes("model"));
 * page.dispose();
 * ```
 */
export class PageTraining<T extends Tensor> {
  /** The recipe, resolved. */
  readonly recipe: ResolvedRecipe;
  readonly #page: PageRecipe;
  readonly #run: Run<T>;
  readonly #post: (message: FromWorker) => void;
  readonly #data: PageData;
  readonly #progress: PageProgress<T>;
  readonly #dev: Evaluator<T>;
  readonly #test: Evaluator<T>;

  /**
   * Builds the recipe's net (weights from `seed`) and its trainer.
   *
   * @param backend Where it computes.
   * @param page The page's recipe.
   * @param data The fit, dev and test images.
   * @param seed Seed of the weights and shuffles.
   * @param post Where messages for the page go.
   */
  constructor(
    backend: Backend<T>,
    page: PageRecipe,
    data: PageData,
    seed: number,
    post: (message: FromWorker) => void,
  ) {
    this.#page = page;
    this.#post = post;
    this.#data = data;
    this.recipe = resolve({ ...page.recipe, seed }).recipe;
    this.#progress = new PageProgress(this, data.fit.count);
    this.#run = createRun(
      backend,
      this.recipe,
      { fit: data.fit, dev: data.dev },
      seededPrng(seed),
      {
        callbacks: [this.#progress],
      },
    );
    this.#dev = new Evaluator(this.#run.net, data.dev);
    this.#test = new Evaluator(this.#run.net, data.test);
  }

  /** The page recipe's id. */
  get id(): string {
    return this.#page.id;
  }

  /** Seconds of training steps in the whole run so far (every fit, stops included). */
  get runSeconds(): number {
    return this.#progress.runSeconds;
  }

  /** The net as the page names it, e.g. `784-128-10` (see {@linkcode netName}). */
  get shape(): string {
    return netName(this.#run.net.config);
  }

  /** Epochs done, fractional within an epoch. */
  get epochs(): number {
    return this.#run.trainer.epoch + this.#progress.fraction;
  }

  /** Whether an epoch is one full-batch step. */
  get fullBatch(): boolean {
    return this.#run.trainer.stepsPerEpoch === 1;
  }

  /**
   * Trains until `epochs` epochs are done in all, or the signal aborts.
   *
   * @param epochs The total to reach.
   * @param signal The page's stop.
   * @returns Whether it got there (false when stopped).
   */
  async train(epochs: number, signal?: AbortSignal): Promise<boolean> {
    const result = await this.#run.trainer.fit({ epochs, signal });
    await this.report();
    return !result.aborted;
  }

  /** Posts a message to the page. */
  post(message: FromWorker): void {
    this.#post(message);
  }

  /** The dev set's loss and accuracy now. */
  async dev(): Promise<{ loss: number; accuracy: number }> {
    return await this.#dev.run();
  }

  /** The test set's loss and accuracy now. */
  async test(): Promise<{ loss: number; accuracy: number }> {
    return await this.#test.run();
  }

  /**
   * Posts the first learning layer's weights, one row per unit, and the
   * side of the square image a row draws as: 28 for a dense layer over
   * MNIST's pixels, k for a convolution's k×k filters over one channel,
   * none where a row is no image (a dense layer over a non-square input, a
   * convolution over several channels).
   */
  async postWeights(): Promise<void> {
    const net = this.#run.net;
    const first = net.layers.find((layer) => layer.params().length > 0);
    if (first === undefined) return;
    const [W1] = net.paramShapes();
    const values = (await net.parameters())[W1.name];
    const [units, inputs] = W1.shape;
    const conv = first.spec.type === "conv2d";
    const root = Math.round(Math.sqrt(inputs));
    const side = conv
      ? (first.inputShape[0] === 1 ? Number(first.spec.kernel) : null)
      : (root * root === inputs ? root : null);
    this.post({
      type: "weights",
      layer: conv ? "conv2d" : "dense",
      units,
      inputs,
      side,
      weights: values,
    });
  }

  /** Posts the weights and the model file as they are now. */
  async report(): Promise<void> {
    await this.postWeights();
    const epoch = this.epochs;
    const bytes = encodeModel(
      await this.#run.net.describe({
        trainedBy: "the simple-mnist web app",
        pageRecipe: this.#page.id,
        ...this.recipe,
        iterations: epoch,
        architecture: this.#run.net.architecture,
        samples: this.#data.fit.count,
      }),
    );
    this.post({ type: "model", bytes, shape: this.shape, epoch });
  }

  /** Frees the net, its trainer and the uploaded sets. */
  dispose(): void {
    this.#dev.dispose();
    this.#test.dispose();
    this.#run.dispose();
    this.#run.net.dispose();
  }
}

/**
 * The page's callback: a progress point every {@linkcode PROGRESS_SAMPLES}
 * samples of a mini-batch epoch (every epoch of full-batch training), with
 * the dev figures, the test figures after each epoch, and a pause for
 * messages at least every {@linkcode YIELD_MS} ms.
 */
class PageProgress<T extends Tensor> implements Callback<T> {
  readonly #training: PageTraining<T>;
  readonly #count: number;
  #samples = 0;
  #lossSum = 0;
  #correct = 0;
  #stepSeconds = 0;
  #chunks = 0;
  /** Seconds of steps in the epoch so far, and in the whole run. */
  #epochSeconds = 0;
  #runSeconds = 0;
  /** Samples done in the current epoch. */
  #inEpoch = 0;
  #stepStart = 0;
  #yielded = performance.now();

  constructor(training: PageTraining<T>, count: number) {
    this.#training = training;
    this.#count = count;
  }

  /** Seconds of steps in the whole run so far. */
  get runSeconds(): number {
    return this.#runSeconds;
  }

  /** How far into the current epoch, from 0 to 1. */
  get fraction(): number {
    return this.#inEpoch / this.#count;
  }

  onEpochBegin(): void {
    this.#inEpoch = 0;
    this.#epochSeconds = 0;
  }

  onStepBegin(): void {
    this.#stepStart = performance.now();
  }

  async onStepEnd(logs: StepLogs, trainer: Trainer<T>): Promise<void> {
    const seconds = (performance.now() - this.#stepStart) / 1000;
    this.#stepSeconds += seconds;
    this.#epochSeconds += seconds;
    this.#runSeconds += seconds;
    this.#samples += logs.samples;
    this.#inEpoch += logs.samples;
    this.#lossSum += logs.loss * logs.samples;
    this.#correct += logs.accuracy * logs.samples;
    const fullBatch = trainer.stepsPerEpoch === 1;
    if (!fullBatch && (this.#samples >= PROGRESS_SAMPLES || this.#inEpoch === this.#count)) {
      const dev = await this.#training.dev();
      this.#point(trainer.epoch + this.fraction, dev);
      if (++this.#chunks % WEIGHTS_EVERY === 0) await this.#training.postWeights();
    }
    // Not after every step: a nested setTimeout waits at least 4 ms, longer than a step.
    if (performance.now() - this.#yielded > YIELD_MS) {
      // Let the page's messages (a stop) in.
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.#yielded = performance.now();
    }
  }

  async onEpochEnd(logs: EpochLogs, trainer: Trainer<T>): Promise<void> {
    this.#inEpoch = 0;
    const epoch = logs.epoch + 1;
    const fullBatch = trainer.stepsPerEpoch === 1;
    const last = epoch === logs.epochs;
    if (fullBatch) {
      const evaluated = epoch % DEV_EVERY === 0 || last;
      this.#point(epoch, evaluated ? await this.#training.dev() : undefined);
      if (epoch % REPORT_EVERY === 0 && !last) await this.#training.report();
      if (!evaluated) return;
    }
    const test = await this.#training.test();
    this.#training.post({
      type: "epoch",
      epoch,
      target: logs.epochs,
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      seconds: this.#epochSeconds,
      runSeconds: this.#runSeconds,
    });
  }

  #point(epoch: number, dev?: { loss: number; accuracy: number }): void {
    this.#training.post({
      type: "progress",
      progress: {
        epoch,
        loss: this.#lossSum / this.#samples,
        accuracy: this.#correct / this.#samples,
        devLoss: dev?.loss,
        devAccuracy: dev?.accuracy,
        samplesPerSecond: this.#samples / this.#stepSeconds,
      },
    });
    this.#samples = 0;
    this.#lossSum = 0;
    this.#correct = 0;
    this.#stepSeconds = 0;
  }
}
