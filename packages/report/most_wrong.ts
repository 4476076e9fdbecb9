import type { Probabilities } from "@simple-mnist/model";
/**
 * A sample the net got wrong, with how sure it was.
 *
 * @example
 * ```ts
 * import { mostConfidentlyWrong } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const [miss] = mostConfidentlyWrong({ count: 1, classes: 2, values: Float32Array.of(0.1, 0.9) }, Uint8Array.of(0));
 * assert.deepEqual([miss.index, miss.label, miss.prediction], [0, 0, 1]);
 * ```
 */
export interface Mistake {
  /** The sample's index in the set. */
  readonly index: number;
  /** Its true class. */
  readonly label: number;
  /** The class the net gave it (the most probable). */
  readonly prediction: number;
  /** The probability of the prediction. */
  readonly confidence: number;
  /** The most probable classes, best first, with their probabilities. */
  readonly top: readonly { readonly label: number; readonly probability: number }[];
}

/**
 * The index of the largest of `classes` values from `offset` (the first on ties,
 * as the backends' argmax).
 */
function argmaxAt(values: Float32Array, offset: number, classes: number): number {
  let best = 0;
  for (let k = 1; k < classes; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

/**
 * The samples predicted wrong with the highest confidence, most confident
 * first.
 *
 * @param probabilities Every sample's class probabilities.
 * @param labels Every sample's true class.
 * @param options `count`: how many to keep (default 25); `top`: classes listed per sample (default 3).
 * @returns At most `count` mistakes, sorted by falling confidence (ties by index).
 * @throws {TypeError} If the labels or probabilities do not match the count.
 *
 * @example
 * ```ts
 * import { mostConfidentlyWrong } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const probabilities = { count: 3, classes: 2, values: Float32Array.of(0.4, 0.6, 0.9, 0.1, 0.2, 0.8) };
 * const wrong = mostConfidentlyWrong(probabilities, Uint8Array.of(0, 0, 0));
 * assert.deepEqual(wrong.map((m) => m.index), [2, 0]); // sample 1 was right
 * ```
 */
export function mostConfidentlyWrong(
  probabilities: Probabilities,
  labels: Uint8Array,
  options: { count?: number; top?: number } = {},
): Mistake[] {
  const { count, classes, values } = probabilities;
  if (values.length !== count * classes || labels.length !== count) {
    throw new TypeError(
      `Cannot rank mistakes: ${count} samples need ${
        count * classes
      } probabilities and ${count} labels, got ${values.length} and ${labels.length}`,
    );
  }
  const keep = options.count ?? 25;
  const top = Math.min(options.top ?? 3, classes);
  const wrong: { index: number; prediction: number; confidence: number }[] = [];
  for (let j = 0; j < count; j++) {
    const prediction = argmaxAt(values, j * classes, classes);
    if (prediction !== labels[j]) {
      wrong.push({ index: j, prediction, confidence: values[j * classes + prediction] });
    }
  }
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return wrong.slice(0, keep).map(({ index, prediction, confidence }) => {
    const ranked = Array.from({ length: classes }, (_, k) => k)
      .sort((a, b) => values[index * classes + b] - values[index * classes + a] || a - b)
      .slice(0, top);
    return {
      index,
      label: labels[index],
      prediction,
      confidence,
      top: ranked.map((label) => ({ label, probability: values[index * classes + label] })),
    };
  });
}
