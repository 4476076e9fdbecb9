import type { Tensor } from "@simple-mnist/backend";
import type { Examples } from "@simple-mnist/data";
import type { Callback, EpochLogs } from "./callback.ts";
import { Evaluator } from "./evaluate.ts";
import type { Trainer } from "./trainer.ts";

/**
 * Evaluates a held-out set after every `every`-th epoch and after a fit's
 * last one, and writes its loss and accuracy into the epoch's logs for the
 * callbacks after it (early stopping, history, progress). The set is
 * uploaded once per `fit`.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { dense, DevEvaluation, Sequential, Trainer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const examples = { count: 2, features: 1, pixels: Uint8Array.of(0, 255), labels: Uint8Array.of(0, 1) };
 * const net = new Sequential(new JsBackend(), [dense(1, 2)], { prng: seededPrng(0) });
 * const seen: (number | undefined)[] = [];
 * const trainer = new Trainer(net, examples, {
 *   callbacks: [new DevEvaluation(examples, { every: 2 }), { onEpochEnd: (logs) => void seen.push(logs.devAccuracy) }],
 * });
 * await trainer.fit({ epochs: 3 });
 * assert.equal(seen[1], undefined); // epoch 1: not evaluated
 * assert.equal(typeof seen[2], "number"); // the last epoch always is
 * ```
 */
export class DevEvaluation<T extends Tensor = Tensor> implements Callback<T> {
  readonly #dev: Examples;
  readonly #every: number;
  #evaluator: Evaluator<T> | undefined;

  /**
   * Creates the callback; the set is uploaded when a fit begins.
   *
   * @param dev Labelled held-out samples.
   * @param options `every`: evaluate after epochs 0, every, 2·every, … and the last (default 1).
   * @throws {RangeError} If `every` is not a positive integer or the set has no labels.
   */
  constructor(dev: Examples, options: { every?: number } = {}) {
    const { every = 1 } = options;
    if (!Number.isInteger(every) || every < 1) {
      throw new RangeError(
        `Cannot evaluate the dev set: every must be a positive integer, got ${every}`,
      );
    }
    if (dev.labels === undefined) {
      throw new RangeError("Cannot evaluate the dev set: it has no labels");
    }
    this.#dev = dev;
    this.#every = every;
  }

  /** Uploads the set. */
  onTrainBegin(trainer: Trainer<T>): void {
    this.#evaluator?.dispose();
    this.#evaluator = this.#dev.count > 0 ? new Evaluator(trainer.net, this.#dev) : undefined;
  }

  /** Fills `devLoss` and `devAccuracy` when this epoch is one to evaluate. */
  async onEpochEnd(logs: EpochLogs): Promise<void> {
    if (this.#evaluator === undefined) return;
    if (logs.epoch % this.#every !== 0 && logs.epoch !== logs.epochs - 1) return;
    const { loss, accuracy } = await this.#evaluator.run();
    logs.devLoss = loss;
    logs.devAccuracy = accuracy;
  }

  /** Frees the uploaded set. */
  onTrainEnd(): void {
    this.#evaluator?.dispose();
    this.#evaluator = undefined;
  }
}
