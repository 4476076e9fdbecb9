import type { Tensor } from "@simple-mnist/backend";
import type { Trainer } from "./trainer.ts";

/**
 * What one training step reports to {@linkcode Callback.onStepEnd}.
 *
 * @example
 * ```ts
 * import type { StepLogs } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const logs: StepLogs = { step: 0, epoch: 0, samples: 128, loss: 2.3, accuracy: 0.1, learningRate: 0.1 };
 * assert.equal(logs.samples, 128);
 * ```
 */
export interface StepLogs {
  /** The step just taken, counting every update of the run from 0. */
  readonly step: number;
  /** The epoch it belongs to, from 0. */
  readonly epoch: number;
  /** Samples in the step's batch. */
  readonly samples: number;
  /** Mean cross-entropy of the batch, before the step's update (with any L2 penalty). */
  readonly loss: number;
  /** Fraction of the batch predicted right, before the step's update. */
  readonly accuracy: number;
  /** The step's learning rate. */
  readonly learningRate: number;
}

/**
 * What an epoch reports to {@linkcode Callback.onEpochEnd}. Callbacks
 * earlier in the list may fill the dev figures for those after them (as
 * {@linkcode DevEvaluation} does for {@linkcode EarlyStopping}).
 *
 * @example
 * ```ts
 * import type { EpochLogs } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const logs: EpochLogs = { epoch: 0, epochs: 5, loss: 0.5, accuracy: 0.84, learningRate: 0.1, seconds: 1.2 };
 * logs.devAccuracy = 0.87;
 * assert.equal(logs.devLoss, undefined);
 * ```
 */
export interface EpochLogs {
  /** The epoch just finished, counting from 0 as the seed does. */
  readonly epoch: number;
  /** The epochs the current `fit` runs to. */
  readonly epochs: number;
  /** Mean cross-entropy over the epoch's samples, each before its step's update. */
  readonly loss: number;
  /** Fraction of the epoch's samples predicted right, each before its step's update. */
  readonly accuracy: number;
  /** The learning rate of the epoch's last step. */
  readonly learningRate: number;
  /** Seconds since the trainer was made (its setup included), at the end of the epoch. */
  readonly seconds: number;
  /** Mean loss on the dev set after the epoch, where a callback evaluated it. */
  devLoss?: number;
  /** Accuracy on the dev set after the epoch, where a callback evaluated it. */
  devAccuracy?: number;
}

/**
 * A hook into the {@linkcode Trainer}'s loop, with Keras's vocabulary: dev
 * evaluation, early stopping, schedules, history and progress plug in
 * here, not into the loop's signature. Every method is optional and may be
 * async (the loop waits for it). Callbacks run in the order they are given.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example Count the steps
 * ```ts
 * import { type Callback, dense, Sequential, Trainer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * let steps = 0;
 * const counter: Callback = { onStepEnd: () => void steps++ };
 * const net = new Sequential(new JsBackend(), [dense(1, 2)], { prng: seededPrng(0) });
 * const examples = { count: 4, features: 1, pixels: Uint8Array.of(0, 9, 99, 255), labels: Uint8Array.of(0, 0, 1, 1) };
 * const trainer = new Trainer(net, examples, { batchSize: 2, prng: seededPrng(1), callbacks: [counter] });
 * await trainer.fit({ epochs: 3 });
 * assert.equal(steps, 6);
 * ```
 */
export interface Callback<T extends Tensor = Tensor> {
  /** Before the first step of a `fit`. */
  onTrainBegin?(trainer: Trainer<T>): void | Promise<void>;
  /** Before an epoch's first step (not when a `fit` resumes an epoch it left). */
  onEpochBegin?(epoch: number, trainer: Trainer<T>): void | Promise<void>;
  /** Before each step: the place to set `trainer.learningRate`. */
  onStepBegin?(step: number, trainer: Trainer<T>): void | Promise<void>;
  /** After each step. */
  onStepEnd?(logs: StepLogs, trainer: Trainer<T>): void | Promise<void>;
  /** After each epoch: may add the dev figures, or call `trainer.stop()`. */
  onEpochEnd?(logs: EpochLogs, trainer: Trainer<T>): void | Promise<void>;
  /** When a `fit` ends, however it ends (finished, stopped or aborted). */
  onTrainEnd?(trainer: Trainer<T>): void | Promise<void>;
}
