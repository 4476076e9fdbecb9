/**
 * The shape of one sample as a layer sees it: `[units]` for a vector
 * (a dense layer's input or output), `[channels, height, width]` for an
 * image. The batch is not part of it: in the backend a batch of `m` samples
 * is a `size(shape) x m` tensor, one sample per column. An image's pixel
 * `(c, y, x)` is row `(c·H + y)·W + x`, so flattening an image moves no
 * value.
 *
 * @example
 * ```ts
 * import type { Shape } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const mnist: Shape = [1, 28, 28];
 * assert.equal(mnist.length, 3);
 * ```
 */
export type Shape = readonly number[];

/**
 * How many values one sample of this shape holds: the rows of its batch tensor.
 *
 * @param shape The shape.
 * @returns The product of its dimensions.
 *
 * @example
 * ```ts
 * import { shapeSize } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(shapeSize([1, 28, 28]), 784);
 * assert.equal(shapeSize([10]), 10);
 * ```
 */
export function shapeSize(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * A shape as the error messages write it: `784` or `16x24x24`.
 *
 * @param shape The shape.
 * @returns Its dimensions joined by `x`.
 *
 * @example
 * ```ts
 * import { formatShape } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatShape([16, 24, 24]), "16x24x24");
 * ```
 */
export function formatShape(shape: Shape): string {
  return shape.join("x");
}

/**
 * Checks that a value is a usable sample shape: one to three positive
 * integer dimensions.
 *
 * @param shape The value to check (from code or from a model file).
 * @param what What it is, for the message (e.g. `the net's input`).
 * @returns The shape.
 * @throws {TypeError} Naming `what` and the value.
 *
 * @example
 * ```ts
 * import { expectShapeValue } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(expectShapeValue([1, 28, 28], "the input"), [1, 28, 28]);
 * assert.throws(() => expectShapeValue([0], "the input"), TypeError);
 * ```
 */
export function expectShapeValue(shape: unknown, what: string): Shape {
  if (
    !Array.isArray(shape) || shape.length < 1 || shape.length > 3 ||
    !shape.every((d) => Number.isSafeInteger(d) && d > 0)
  ) {
    throw new TypeError(
      `${what} must be a shape of one to three positive integers, got ${JSON.stringify(shape)}`,
    );
  }
  return shape;
}
