import { PROBABILITY_FLOOR } from "@simple-mnist/backend";
import type { Evaluation } from "./evaluate.ts";

/**
 * A set's class probabilities, sample-major: sample `j`'s probability of
 * class `k` is `values[j * classes + k]`.
 *
 * @example
 * ```ts
 * import type { Probabilities } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const p: Probabilities = { count: 1, classes: 2, values: Float32Array.of(0.25, 0.75) };
 * assert.equal(p.values.length, p.count * p.classes);
 * ```
 */
export interface Probabilities {
  /** Samples. */
  readonly count: number;
  /** Classes. */
  readonly classes: number;
  /** `count * classes` probabilities. */
  readonly values: Float32Array;
}

/**
 * The confusion matrix: `confusion[label][prediction]` counts how many
 * samples of class `label` were predicted as `prediction`.
 *
 * @param labels Every sample's true class.
 * @param predictions Every sample's predicted class.
 * @param classes How many classes.
 * @returns A `classes x classes` matrix of counts.
 * @throws {RangeError} If the lengths differ or a class is out of range.
 *
 * @example
 * ```ts
 * import { confusionMatrix } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(confusionMatrix(Uint8Array.of(0, 1, 1), Uint8Array.of(0, 0, 1), 2), [[1, 0], [1, 1]]);
 * ```
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  classes: number,
): number[][] {
  if (labels.length !== predictions.length) {
    throw new RangeError(
      `Cannot count the confusion matrix: ${labels.length} labels but ${predictions.length} predictions`,
    );
  }
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let j = 0; j < labels.length; j++) {
    const [label, prediction] = [labels[j], predictions[j]];
    if (!(label < classes && prediction < classes)) {
      throw new RangeError(
        `Cannot count the confusion matrix: sample ${j} has label ${label} and prediction ${prediction} of ${classes} classes`,
      );
    }
    confusion[label][prediction]++;
  }
  return confusion;
}

/**
 * Per-class figures derived from a confusion matrix.
 *
 * @example
 * ```ts
 * import { type ClassReport, classReports } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const [zero]: ClassReport[] = classReports([[1, 1], [0, 2]]);
 * assert.equal(zero.recall, 0.5);
 * ```
 */
export interface ClassReport {
  /** The class. */
  readonly label: number;
  /** Of the samples predicted as this class, the fraction that are (NaN if none were). */
  readonly precision: number;
  /** Of the samples of this class, the fraction predicted as it (NaN if there are none). */
  readonly recall: number;
  /** The harmonic mean of precision and recall (0 when both are 0, NaN when either is NaN). */
  readonly f1: number;
  /** Samples of this class. */
  readonly support: number;
}

/**
 * Precision, recall, F1 and support of each class from a confusion matrix.
 *
 * @param confusion `confusion[label][prediction]` counts.
 * @returns One report per class.
 *
 * @example
 * ```ts
 * import { classReports } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const [zero, one] = classReports([[3, 1], [0, 4]]);
 * assert.equal(zero.recall, 0.75);
 * assert.equal(one.precision, 0.8);
 * assert.equal(one.support, 4);
 * assert.ok(Math.abs(one.f1 - 8 / 9) < 1e-12);
 * ```
 */
export function classReports(confusion: readonly (readonly number[])[]): ClassReport[] {
  return confusion.map((row, label) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, r) => sum + r[label], 0);
    const precision = predicted === 0 ? Number.NaN : row[label] / predicted;
    const recall = support === 0 ? Number.NaN : row[label] / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
}

/**
 * Predictions, accuracy, loss and the confusion matrix from class
 * probabilities on the host: what {@linkcode evaluate} computes in the
 * backend, for probabilities already downloaded.
 *
 * @param probabilities Every sample's class probabilities.
 * @param labels Every sample's true class.
 * @returns The figures.
 * @throws {TypeError} If the labels or probabilities do not match the count.
 * @throws {RangeError} If a label is not one of the classes.
 *
 * @example
 * ```ts
 * import { classifyProbabilities } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const c = classifyProbabilities({ count: 2, classes: 2, values: Float32Array.of(0.9, 0.1, 0.8, 0.2) }, Uint8Array.of(0, 1));
 * assert.deepEqual(c.confusion, [[1, 0], [1, 0]]);
 * assert.equal(c.accuracy, 0.5);
 * ```
 */
export function classifyProbabilities(
  probabilities: Probabilities,
  labels: Uint8Array,
): Evaluation {
  const { count, classes, values } = probabilities;
  if (values.length !== count * classes || labels.length !== count) {
    throw new TypeError(
      `Cannot classify: ${count} samples need ${
        count * classes
      } probabilities and ${count} labels, got ${values.length} and ${labels.length}`,
    );
  }
  const predictions = new Uint8Array(count);
  let correct = 0;
  let lossSum = 0;
  for (let j = 0; j < count; j++) {
    const label = labels[j];
    if (label >= classes) {
      throw new RangeError(`Cannot classify: sample ${j} has label ${label} of ${classes} classes`);
    }
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (values[j * classes + k] > values[j * classes + best]) best = k;
    }
    predictions[j] = best;
    if (best === label) correct++;
    // The backends' floor, so that p = 0 gives the same finite loss as their crossEntropy.
    lossSum -= Math.log(Math.max(values[j * classes + label], PROBABILITY_FLOOR));
  }
  return {
    count,
    predictions,
    accuracy: count === 0 ? Number.NaN : correct / count,
    loss: count === 0 ? Number.NaN : lossSum / count,
    confusion: confusionMatrix(labels, predictions, classes),
  };
}
