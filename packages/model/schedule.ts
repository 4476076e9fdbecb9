import type { Tensor } from "@simple-mnist/backend";
import type { Callback } from "./callback.ts";
import type { Trainer } from "./trainer.ts";

/**
 * How the learning rate moves over a run:
 * - `constant`: α at every step;
 * - `step`: `α·γ^⌊t / stepSize⌋`, multiplied by γ every `stepSize` steps;
 * - `cosine`: `α·(1 + cos(π·t′ / T′)) / 2`, from α down to 0 at the run's
 *   end (t′ and T′ count the steps after the warm-up).
 *
 * @example
 * ```ts
 * import type { ScheduleName } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const name: ScheduleName = "cosine";
 * assert.equal(name, "cosine");
 * ```
 */
export type ScheduleName = "constant" | "step" | "cosine";

/**
 * Every {@linkcode ScheduleName}, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * import { SCHEDULES } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(SCHEDULES, ["constant", "step", "cosine"]);
 * ```
 */
export const SCHEDULES: readonly ScheduleName[] = ["constant", "step", "cosine"];

/**
 * A learning-rate schedule. Steps are optimizer updates, counted from 0
 * over the whole run (with full batches, one per iteration).
 *
 * @example
 * ```ts
 * import type { Schedule } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const schedule: Schedule = { name: "step", stepSize: 100, gamma: 0.5, warmup: 10 };
 * assert.equal(schedule.totalSteps, undefined);
 * ```
 */
export interface Schedule {
  /** The shape (default `constant`). */
  readonly name?: ScheduleName;
  /** Steps between two decays of `step` (required for `step`). */
  readonly stepSize?: number;
  /** `step`'s factor γ (default 0.1). */
  readonly gamma?: number;
  /** Steps of linear warm-up first: step t runs at `(t + 1) / warmup` of the rate (default 0). */
  readonly warmup?: number;
  /** Steps in the run (required for `cosine`). */
  readonly totalSteps?: number;
}

/**
 * The learning rate at step `t` of a run.
 *
 * @param base The base rate α.
 * @param t The step, from 0.
 * @param schedule The schedule.
 * @returns The rate in effect at step `t`.
 * @throws {RangeError} If the schedule is missing what its shape needs.
 *
 * @example
 * ```ts
 * import { learningRateAt } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(learningRateAt(0.1, 250, { name: "step", stepSize: 100, gamma: 0.5 }), 0.025);
 * assert.equal(learningRateAt(1, 50, { name: "cosine", totalSteps: 100 }), 0.5);
 * assert.equal(learningRateAt(1, 1, { warmup: 4 }), 0.5);
 * ```
 */
export function learningRateAt(base: number, t: number, schedule: Schedule = {}): number {
  const { name = "constant", stepSize, gamma = 0.1, warmup = 0, totalSteps } = schedule;
  validateSchedule(schedule);
  let rate = base;
  switch (name) {
    case "constant":
      break;
    case "step":
      rate = base * gamma ** Math.floor(t / stepSize!);
      break;
    case "cosine": {
      const span = Math.max(1, totalSteps! - warmup);
      const after = Math.min(Math.max(t - warmup, 0), span);
      rate = base * (1 + Math.cos(Math.PI * after / span)) / 2;
      break;
    }
  }
  return t < warmup ? rate * (t + 1) / warmup : rate;
}

/**
 * Checks a schedule before a run starts.
 *
 * @param schedule The schedule.
 * @throws {RangeError} On an unknown shape, or a missing or bad step size, γ, warm-up or length.
 *
 * @example
 * ```ts
 * import { validateSchedule } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * validateSchedule({ name: "cosine", totalSteps: 10 });
 * assert.throws(() => validateSchedule({ name: "step" }), /stepSize/);
 * ```
 */
export function validateSchedule(schedule: Schedule): void {
  const { name = "constant", stepSize, gamma = 0.1, warmup = 0, totalSteps } = schedule;
  const action = "Cannot schedule the learning rate";
  if (!SCHEDULES.includes(name)) {
    throw new RangeError(
      `${action}: unknown schedule ${JSON.stringify(name)} (expected ${SCHEDULES.join(", ")})`,
    );
  }
  if (name === "step" && !(Number.isInteger(stepSize) && stepSize! > 0)) {
    throw new RangeError(`${action}: step needs a positive integer stepSize, got ${stepSize}`);
  }
  if (!(gamma > 0) || !Number.isFinite(gamma)) {
    throw new RangeError(`${action}: gamma must be a positive number, got ${gamma}`);
  }
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new RangeError(`${action}: warmup must be a non-negative integer, got ${warmup}`);
  }
  if (name === "cosine" && !(Number.isInteger(totalSteps) && totalSteps! > 0)) {
    throw new RangeError(`${action}: cosine needs the run's totalSteps, got ${totalSteps}`);
  }
}

/**
 * The schedule as a {@linkcode Callback}: before each step it sets the
 * trainer's rate to {@linkcode learningRateAt} of its base rate, counting
 * the steps of the whole run (`totalSteps`, for cosine, is the fit's
 * epochs times the steps in one).
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { dense, LearningRateSchedule, Sequential, Trainer } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const rates: number[] = [];
 * const net = new Sequential(new JsBackend(), [dense(1, 2)], { prng: seededPrng(0) });
 * const trainer = new Trainer(net, { count: 1, features: 1, pixels: Uint8Array.of(9), labels: Uint8Array.of(0) }, {
 *   learningRate: 1,
 *   callbacks: [new LearningRateSchedule({ name: "step", stepSize: 2, gamma: 0.5 }), { onStepEnd: (s) => void rates.push(s.learningRate) }],
 * });
 * await trainer.fit({ epochs: 5 });
 * assert.deepEqual(rates, [1, 1, 0.5, 0.5, 0.25]);
 * ```
 */
export class LearningRateSchedule<T extends Tensor = Tensor> implements Callback<T> {
  readonly #schedule: Schedule;
  #totalSteps = 1;

  /**
   * Creates the callback.
   *
   * @param schedule The shape, without `totalSteps` (the fit supplies it).
   * @throws {RangeError} If the schedule is not valid.
   */
  constructor(schedule: Schedule) {
    validateSchedule({ ...schedule, totalSteps: 1 });
    this.#schedule = schedule;
  }

  /** Counts the run's steps. */
  onTrainBegin(trainer: Trainer<T>): void {
    this.#totalSteps = Math.max(1, trainer.targetEpochs * trainer.stepsPerEpoch);
  }

  /** Sets the rate of step `t`. */
  onStepBegin(t: number, trainer: Trainer<T>): void {
    trainer.learningRate = learningRateAt(trainer.baseLearningRate, t, {
      ...this.#schedule,
      totalSteps: this.#totalSteps,
    });
  }
}
