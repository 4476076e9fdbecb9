import { shapeOf, type Tensor } from "./tensor.ts";

/**
 * Throws a `TypeError` unless `tensor` is `rows x cols`. Backends call it at
 * the top of each op so that every backend reports mismatches alike.
 *
 * @param action What could not be done, e.g. `"Cannot add bias"`.
 * @param name The argument's name in the message, e.g. `"out"`.
 * @param tensor The tensor to check.
 * @param rows The expected number of rows.
 * @param cols The expected number of columns.
 * @throws {TypeError} `"<action>: <name> is AxB but must be CxD"`.
 *
 * @example
 * ```ts
 * import { expectShape } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * expectShape("Cannot add", "out", { rows: 2, cols: 3 }, 2, 3);
 * assert.throws(
 *   () => expectShape("Cannot add", "out", { rows: 2, cols: 3 }, 3, 2),
 *   { name: "TypeError", message: "Cannot add: out is 2x3 but must be 3x2" },
 * );
 * ```
 */
export function expectShape(
  action: string,
  name: string,
  tensor: Tensor,
  rows: number,
  cols: number,
): void {
  if (tensor.rows !== rows || tensor.cols !== cols) {
    throw new TypeError(`${action}: ${name} is ${shapeOf(tensor)} but must be ${rows}x${cols}`);
  }
}

/**
 * Throws a `TypeError` unless two tensors have the same shape.
 *
 * @param action What could not be done.
 * @param a The first tensor, named `a` in the message (or `names[0]`).
 * @param b The second tensor, named `b` in the message (or `names[1]`).
 * @param names The two argument names to use in the message.
 * @throws {TypeError} `"<action>: a is AxB but b is CxD"`.
 *
 * @example
 * ```ts
 * import { expectSameShape } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => expectSameShape("Cannot add", { rows: 2, cols: 3 }, { rows: 4, cols: 5 }),
 *   { message: "Cannot add: a is 2x3 but b is 4x5" },
 * );
 * ```
 */
export function expectSameShape(
  action: string,
  a: Tensor,
  b: Tensor,
  names: readonly [string, string] = ["a", "b"],
): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new TypeError(`${action}: ${names[0]} is ${shapeOf(a)} but ${names[1]} is ${shapeOf(b)}`);
  }
}

/**
 * Throws a `RangeError` unless `rows` and `cols` are positive integers.
 *
 * @param rows The requested number of rows.
 * @param cols The requested number of columns.
 * @throws {RangeError} If either is not a positive integer.
 *
 * @example
 * ```ts
 * import { expectDimensions } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * expectDimensions(10, 784);
 * assert.throws(() => expectDimensions(0, 3), RangeError);
 * ```
 */
export function expectDimensions(rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new RangeError(
      `Cannot create tensor: dimensions must be positive integers, got ${rows}x${cols}`,
    );
  }
}

/**
 * Reads a class label stored as a float and checks it is an integer in
 * `[0, classes)`.
 *
 * @param value The stored label.
 * @param column The label's column, for the message.
 * @param classes The number of classes (the probabilities' row count).
 * @returns The label as an integer.
 * @throws {RangeError} If the label is not an integer in range.
 *
 * @example
 * ```ts
 * import { labelAt } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.equal(labelAt(3, 0, 10), 3);
 * assert.throws(() => labelAt(10, 5, 10), {
 *   message: "Cannot read label: column 5 holds 10, not an integer in [0, 10)",
 * });
 * ```
 */
export function labelAt(value: number, column: number, classes: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= classes) {
    throw new RangeError(
      `Cannot read label: column ${column} holds ${value}, not an integer in [0, ${classes})`,
    );
  }
  return value;
}

/**
 * Checks the operands of `out = op(a) · op(b)` and returns the product's
 * dimensions: `op(a)` is `n x inner`, `op(b)` is `inner x p`, and `out`
 * must be `n x p` and must not be `a` or `b`.
 *
 * @param a The left operand as stored.
 * @param b The right operand as stored.
 * @param out The destination.
 * @param transposeA Whether `a` is read transposed.
 * @param transposeB Whether `b` is read transposed.
 * @returns `[n, inner, p]`.
 * @throws {TypeError} Naming both operands' shapes when the inner dimensions
 * differ, `out`'s shape when it does not fit, or the aliasing.
 *
 * @example
 * ```ts
 * import { productShape } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const w = { rows: 10, cols: 784 };
 * const x = { rows: 784, cols: 5 };
 * assert.deepEqual(productShape(w, x, { rows: 10, cols: 5 }, false, false), [10, 784, 5]);
 * assert.throws(() => productShape(w, w, { rows: 10, cols: 10 }, false, false), {
 *   message: "Cannot multiply matrices: a is 10x784 but b is 10x784",
 * });
 * ```
 */
export function productShape(
  a: Tensor,
  b: Tensor,
  out: Tensor,
  transposeA: boolean,
  transposeB: boolean,
): [n: number, inner: number, p: number] {
  const action = "Cannot multiply matrices";
  const [n, inner] = transposeA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [inner2, p] = transposeB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (inner !== inner2) {
    throw new TypeError(
      `${action}: ${transposeA ? "aᵀ" : "a"} is ${n}x${inner} but ${
        transposeB ? "bᵀ" : "b"
      } is ${inner2}x${p}`,
    );
  }
  expectShape(action, "out", out, n, p);
  if (out === a || out === b) throw new TypeError(`${action}: out must not be one of the inputs`);
  return [n, inner, p];
}
