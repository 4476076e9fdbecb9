import assert from "node:assert/strict";
import { OP_CHECKS } from "./op_checks.ts";
import type { Activation } from "./activation.ts";
import { conformanceOps } from "./testing.ts";

const shape = (rows: number, cols: number) => ({ rows, cols });

Deno.test("OP_CHECKS", async (t) => {
  await t.step("has a check for every op but download and dispose", () => {
    const ops = conformanceOps().filter((op) => op !== "download" && op !== "dispose");
    assert.deepEqual(Object.keys(OP_CHECKS).sort(), ops.sort());
  });
  await t.step("accepts the shapes of the seed's layer", () => {
    const [w, x, z, b] = [shape(10, 784), shape(784, 5), shape(10, 5), shape(10, 1)];
    OP_CHECKS.create(10, 784);
    OP_CHECKS.upload(b, new Float32Array(10));
    OP_CHECKS.matmul(w, x, z);
    OP_CHECKS.matmul(z, x, w, { transposeB: true });
    OP_CHECKS.addBias(z, b, z);
    OP_CHECKS.activate(z, z, "relu");
    OP_CHECKS.activateGrad(z, z, z, "tanh");
    OP_CHECKS.softmax(z, z);
    OP_CHECKS.softmaxCrossEntropyGrad(z, shape(1, 5), z);
    OP_CHECKS.rowSum(z, b, 0.2);
    OP_CHECKS.axpby(1, w, -0.1, w, w);
    OP_CHECKS.mul(w, w, w);
    OP_CHECKS.divSqrt(w, w, 1e-8, w);
    OP_CHECKS.sumSquares(w, shape(1, 1));
    OP_CHECKS.argmax(z, shape(1, 5));
    OP_CHECKS.crossEntropy(z, shape(1, 5), shape(1, 1));
  });
  await t.step("names what could not be done and both shapes", () => {
    const refusals: [() => void, string][] = [
      [() => OP_CHECKS.upload(shape(2, 2), [1, 2, 3]), "Cannot upload: 3 values do not fill a 2x2"],
      [() => OP_CHECKS.matmul(shape(2, 3), shape(3, 4), shape(2, 5)), "out is 2x5 but must be 2x4"],
      [() => OP_CHECKS.activate(shape(2, 3), shape(3, 2), "relu"), "z is 2x3 but out is 3x2"],
      [() => OP_CHECKS.softmax(shape(10, 4), shape(10, 5)), "z is 10x4 but out is 10x5"],
      [() => OP_CHECKS.rowSum(shape(3, 4), shape(4, 1)), "Cannot sum rows: out is 4x1"],
      [() => OP_CHECKS.axpby(1, shape(1, 2), 1, shape(2, 1), shape(1, 2)), "x is 1x2 but y is 2x1"],
      [() => OP_CHECKS.argmax(shape(10, 5), shape(1, 4)), "out is 1x4 but must be 1x5"],
      [
        () => OP_CHECKS.crossEntropy(shape(3, 2), shape(1, 3), shape(1, 1)),
        "Cannot compute cross-entropy: labels is 1x3 but must be 1x2",
      ],
    ];
    for (const [run, message] of refusals) {
      assert.throws(run, (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.ok(error.message.includes(message), `"${error.message}" lacks "${message}"`);
        return true;
      });
    }
  });
  await t.step("refuses an unknown activation and dimensions that are not positive", () => {
    const swish = "swish" as Activation;
    assert.throws(() => OP_CHECKS.activate(shape(1, 1), shape(1, 1), swish), RangeError);
    assert.throws(() => OP_CHECKS.activateGrad(shape(1, 1), shape(1, 1), shape(1, 1), swish), {
      name: "RangeError",
      message: /Cannot differentiate the activation: unknown activation "swish"/,
    });
    assert.throws(() => OP_CHECKS.create(0, 3), RangeError);
  });
});
