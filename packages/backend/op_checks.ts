import { expectActivation } from "./activation.ts";
import type { Backend, BackendOp } from "./backend.ts";
import { expectDimensions, expectSameShape, expectShape, productShape } from "./checks.ts";
import { shapeOf } from "./tensor.ts";
import { WINDOW_CHECKS } from "./window_checks.ts";
import { checkPixelUpload } from "./pixel_checks.ts";

/**
 * The ops whose arguments have a contract to check: every op of
 * {@linkcode Backend} but `download` and `dispose`, which take one tensor
 * that only the backend which made it can vouch for.
 *
 * @example
 * ```ts
 * import type { CheckedOp } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const op: CheckedOp = "addBias";
 * assert.equal(op, "addBias");
 * ```
 */
export type CheckedOp = Exclude<BackendOp, "download" | "dispose">;

/**
 * The check of one op: it takes the op's own arguments and throws if they
 * break the op's contract, before the op touches any memory.
 *
 * @typeParam Op The op it checks.
 *
 * @example
 * ```ts
 * import { OP_CHECKS, type OpCheck } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const check: OpCheck<"mul"> = OP_CHECKS.mul;
 * assert.throws(() => check({ rows: 1, cols: 2 }, { rows: 2, cols: 1 }, { rows: 1, cols: 2 }));
 * ```
 */
export type OpCheck<Op extends CheckedOp> = (...args: Parameters<Backend[Op]>) => void;

/**
 * Every op's contract, stated once: the shapes its tensors must have (and
 * for the activations, that the activation has a name), each mismatch a
 * `TypeError` that says which op could not run and names both shapes, and
 * an unknown activation a `RangeError`. Every backend runs the check of an
 * op before the op itself (the CPU backends' base class, `Float32Backend`
 * of `@simple-mnist/cpu`, does it in each public op, before the kernel a
 * backend may override), so that all backends refuse the same calls with
 * the same words. What only a backend can check stays with it: that a
 * tensor is its own and live, and the label values it holds (`labelAt`).
 *
 * Keyed by {@linkcode CheckedOp}, so an op added to {@linkcode Backend}
 * without a check here does not compile.
 *
 * @example
 * ```ts
 * import { OP_CHECKS } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * OP_CHECKS.addBias({ rows: 3, cols: 4 }, { rows: 3, cols: 1 }, { rows: 3, cols: 4 });
 * assert.throws(
 *   () => OP_CHECKS.addBias({ rows: 3, cols: 4 }, { rows: 4, cols: 1 }, { rows: 3, cols: 4 }),
 *   { name: "TypeError", message: "Cannot add bias: bias is 4x1 but must be 3x1" },
 * );
 * assert.throws(
 *   () => OP_CHECKS.matmul({ rows: 2, cols: 3 }, { rows: 4, cols: 5 }, { rows: 2, cols: 5 }),
 *   { message: "Cannot multiply matrices: a is 2x3 but b is 4x5" },
 * );
 * ```
 */
export const OP_CHECKS: { readonly [Op in CheckedOp]: OpCheck<Op> } = {
  create(rows, cols) {
    expectDimensions(rows, cols);
  },
  upload(dst, values) {
    if (values.length !== dst.rows * dst.cols) {
      throw new TypeError(
        `Cannot upload: ${values.length} values do not fill a ${shapeOf(dst)} tensor`,
      );
    }
  },
  matmul(a, b, out, options = {}) {
    productShape(a, b, out, options.transposeA ?? false, options.transposeB ?? false);
  },
  addBias(x, bias, out) {
    const action = "Cannot add bias";
    expectShape(action, "bias", bias, x.rows, 1);
    expectShape(action, "out", out, x.rows, x.cols);
  },
  activate(z, out, activation) {
    const action = "Cannot apply the activation";
    expectActivation(activation, action);
    expectSameShape(action, z, out, ["z", "out"]);
  },
  activateGrad(grad, z, out, activation) {
    const action = "Cannot differentiate the activation";
    expectActivation(activation, action);
    expectSameShape(action, grad, z, ["grad", "z"]);
    expectShape(action, "out", out, z.rows, z.cols);
  },
  softmax(z, out) {
    expectSameShape("Cannot apply softmax", z, out, ["z", "out"]);
  },
  softmaxCrossEntropyGrad(probs, labels, out) {
    const action = "Cannot compute softmax cross-entropy gradient";
    expectShape(action, "labels", labels, 1, probs.cols);
    expectShape(action, "out", out, probs.rows, probs.cols);
  },
  rowSum(x, out) {
    expectShape("Cannot sum rows", "out", out, x.rows, 1);
  },
  axpby(_alpha, x, _beta, y, out) {
    const action = "Cannot add scaled tensors";
    expectSameShape(action, x, y, ["x", "y"]);
    expectShape(action, "out", out, x.rows, x.cols);
  },
  mul(a, b, out) {
    const action = "Cannot multiply element-wise";
    expectSameShape(action, a, b, ["a", "b"]);
    expectShape(action, "out", out, a.rows, a.cols);
  },
  divSqrt(a, v, _epsilon, out) {
    const action = "Cannot divide by the root";
    expectSameShape(action, a, v, ["a", "v"]);
    expectShape(action, "out", out, a.rows, a.cols);
  },
  sumSquares(_x, out) {
    expectShape("Cannot sum squares", "out", out, 1, 1);
  },
  argmax(x, out) {
    expectShape("Cannot take argmax", "out", out, 1, x.cols);
  },
  crossEntropy(probs, labels, out) {
    const action = "Cannot compute cross-entropy";
    expectShape(action, "labels", labels, 1, probs.cols);
    expectShape(action, "out", out, 1, 1);
  },
  im2col: WINDOW_CHECKS.im2col,
  col2im: WINDOW_CHECKS.col2im,
  maxPool: WINDOW_CHECKS.maxPool,
  maxPoolGrad: WINDOW_CHECKS.maxPoolGrad,
  reshape: WINDOW_CHECKS.reshape,
  uploadPixels: checkPixelUpload,
};
