import type { Tensor } from "@simple-mnist/backend";
import type { Callback, EpochLogs } from "./callback.ts";
import type { Trainer } from "./trainer.ts";

/**
 * Early stopping (Keras's `EarlyStopping(patience, restore_best_weights)`):
 * stops the fit when the dev loss has not improved for `patience` epochs,
 * and at the end (finished, stopped or aborted) puts back the weights of
 * the epoch with the lowest dev loss. The copies stay in the backend; no
 * weight goes to the host. It reads the dev loss that a
 * {@linkcode DevEvaluation} before it in the list wrote, so that one must
 * evaluate after every epoch.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example On random labels the dev loss soon stops improving
 * ```ts
 * import { dense, DevEvaluation, EarlyStopping, relu, Sequential, Trainer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const prng = seededPrng(3);
 * const random = (count: number) => ({
 *   count, features: 4,
 *   pixels: Uint8Array.from({ length: 4 * count }, () => Math.floor(prng() * 256)),
 *   labels: Uint8Array.from({ length: count }, () => Math.floor(prng() * 2)),
 * });
 * const net = new Sequential(new JsBackend(), [dense(4, 16), relu(), dense(16, 2)], { prng });
 * const stopper = new EarlyStopping({ patience: 3 });
 * const trainer = new Trainer(net, random(32), {
 *   learningRate: 0.5, callbacks: [new DevEvaluation(random(32)), stopper],
 * });
 * const result = await trainer.fit({ epochs: 500 });
 * assert.ok(result.stopped);
 * assert.equal(result.epochs, stopper.bestEpoch! + 4);
 * ```
 */
export class EarlyStopping<T extends Tensor = Tensor> implements Callback<T> {
  /** Epochs without a better dev loss before the fit stops. */
  readonly patience: number;
  readonly #restoreBest: boolean;
  #bestEpoch: number | undefined;
  #bestLoss = Infinity;
  #copies: T[] | undefined;

  /**
   * Creates the callback.
   *
   * @param options `patience` (≥ 1); `restoreBest` (default true): put the best weights back at the end.
   * @throws {RangeError} If `patience` is not a positive integer.
   */
  constructor(options: { patience: number; restoreBest?: boolean }) {
    const { patience, restoreBest = true } = options;
    if (!Number.isInteger(patience) || patience < 1) {
      throw new RangeError(
        `Cannot stop early: patience must be a positive integer, got ${patience}`,
      );
    }
    this.patience = patience;
    this.#restoreBest = restoreBest;
  }

  /** The epoch with the lowest dev loss so far, or undefined before the first evaluation. */
  get bestEpoch(): number | undefined {
    return this.#bestEpoch;
  }

  /** Keeps a copy of the weights when the dev loss is the lowest yet; stops after `patience` epochs without. */
  onEpochEnd(logs: EpochLogs, trainer: Trainer<T>): void {
    if (logs.devLoss === undefined) {
      throw new RangeError(
        `Cannot stop early: epoch ${logs.epoch} has no dev loss (evaluate the dev set after every epoch, before early stopping)`,
      );
    }
    const { net } = trainer;
    if (logs.devLoss < this.#bestLoss) {
      this.#bestLoss = logs.devLoss;
      this.#bestEpoch = logs.epoch;
      this.#copies ??= net.params().map((p) => net.backend.create(p.value.rows, p.value.cols));
      net.params().forEach((p, k) => copy(trainer, p.value, this.#copies![k]));
    }
    if (logs.epoch - this.#bestEpoch! >= this.patience) trainer.stop();
  }

  /** Puts the best weights back, and frees the copies. */
  onTrainEnd(trainer: Trainer<T>): void {
    const copies = this.#copies;
    if (copies === undefined) return;
    if (this.#restoreBest) {
      trainer.net.params().forEach((p, k) => copy(trainer, copies[k], p.value));
    }
    for (const t of copies) trainer.net.backend.dispose(t);
    this.#copies = undefined;
  }
}

function copy<T extends Tensor>(trainer: Trainer<T>, from: T, to: T): void {
  trainer.net.backend.axpby(1, from, 0, from, to);
}
