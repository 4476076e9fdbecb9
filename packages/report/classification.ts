import { PROBABILITY_FLOOR } from "@simple-mnist/backend";
import type { Probabilities } from "./most_wrong.ts";

/**
 * How a net did on a labelled set, derived from its probabilities.
 *
 * @example
 * ```ts
 * import { classify, type Classification } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const c: Classification = classify({ count: 1, classes: 2, values: Float32Array.of(0.5, 0.5) }, Uint8Array.of(0));
 * assert.equal(c.accuracy, 1); // ties go to the first class, as argmax
 * ```
 */
export interface Classification {
  /** Samples. */
  readonly count: number;
  /** Each sample's predicted class (the most probable; the first on ties). */
  readonly predictions: Uint8Array;
  /** Fraction predicted right. */
  readonly accuracy: number;
  /** Mean cross-entropy, `−log p(label)`. */
  readonly loss: number;
  /** `confusion[label][prediction]` counts; they add up to `count`. */
  readonly confusion: number[][];
}

/**
 * Predictions, accuracy, loss and confusion matrix from class probabilities.
 *
 * @param probabilities Every sample's class probabilities.
 * @param labels Every sample's true class.
 * @returns The figures.
 * @throws {TypeError} If the labels or probabilities do not match the count.
 * @throws {RangeError} If a label is not one of the classes.
 *
 * @example
 * ```ts
 * import { classify } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const c = classify({ count: 2, classes: 2, values: Float32Array.of(0.9, 0.1, 0.8, 0.2) }, Uint8Array.of(0, 1));
 * assert.deepEqual(c.confusion, [[1, 0], [1, 0]]);
 * assert.equal(c.accuracy, 0.5);
 * ```
 */
export function classify(probabilities: Probabilities, labels: Uint8Array): Classification {
  const { count, classes, values } = probabilities;
  if (values.length !== count * classes || labels.length !== count) {
    throw new TypeError(
      `Cannot classify: ${count} samples need ${
        count * classes
      } probabilities and ${count} labels, got ${values.length} and ${labels.length}`,
    );
  }
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
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
    confusion[label][best]++;
    if (best === label) correct++;
    // The backends' floor, so that p = 0 gives the same finite loss as their crossEntropy.
    lossSum -= Math.log(Math.max(values[j * classes + label], PROBABILITY_FLOOR));
  }
  return {
    count,
    predictions,
    accuracy: count === 0 ? Number.NaN : correct / count,
    loss: count === 0 ? Number.NaN : lossSum / count,
    confusion,
  };
}
