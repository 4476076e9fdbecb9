import { classReports } from "@simple-mnist/model";

/**
 * One class's precision, recall and F1.
 *
 * @example
 * ```ts
 * import { digitMetrics, type DigitMetrics } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const [zero]: DigitMetrics[] = digitMetrics([[2, 0], [0, 1]]);
 * assert.equal(zero.f1, 1);
 * ```
 */
export interface DigitMetrics {
  /** The class. */
  readonly label: number;
  /** Of the samples predicted as it, the fraction that are (NaN if none were). */
  readonly precision: number;
  /** Of its samples, the fraction predicted as it (NaN if there are none). */
  readonly recall: number;
  /** The harmonic mean of precision and recall (0 when both are 0, NaN when either is NaN). */
  readonly f1: number;
  /** Samples of the class. */
  readonly support: number;
}

/**
 * Precision, recall, F1 and support of every class of a confusion matrix
 * (precision and recall as `classReports` of `@simple-mnist/model` gives them).
 *
 * @param confusion `confusion[label][prediction]` counts.
 * @returns One entry per class.
 *
 * @example
 * ```ts
 * import { digitMetrics } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const [zero] = digitMetrics([[3, 1], [1, 3]]);
 * assert.equal(zero.precision, 0.75);
 * assert.equal(zero.f1, 0.75);
 * ```
 */
export function digitMetrics(confusion: readonly (readonly number[])[]): DigitMetrics[] {
  return classReports(confusion).map(({ label, precision, recall, support }) => ({
    label,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    support,
  }));
}
