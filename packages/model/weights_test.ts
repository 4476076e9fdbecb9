import assert from "node:assert/strict";
import {
  architecture,
  MAX_PARAMETERS,
  parameterCount,
  validateLayers,
  validateWeights,
  type Weights,
} from "./weights.ts";

Deno.test("validateWeights()", async (t) => {
  const good: Weights = {
    layers: [3, 2, 2],
    activation: "relu",
    W: [new Float32Array(6), new Float32Array(4)],
    b: [new Float32Array(2), new Float32Array(2)],
  };
  await t.step("accepts matching lengths", () => validateWeights(good));
  await t.step("names the array whose length is wrong, and the source", () => {
    assert.throws(
      () => validateWeights({ ...good, W: [good.W[0], new Float32Array(5)] }, "x.model"),
      { name: "TypeError", message: "Cannot use x.model: W2 has 5 values but 3-2-2 needs 4" },
    );
  });
  await t.step("refuses a non-positive width, a missing layer and a bad activation", () => {
    assert.throws(() => validateWeights({ ...good, layers: [3, 0, 2] }), /width 1 must be/);
    assert.throws(() => validateWeights({ ...good, W: [good.W[0]] }), /2 dense layers/);
    assert.throws(
      () => validateWeights({ ...good, activation: "swish" as "relu" }),
      /unknown activation "swish"/,
    );
  });
});

Deno.test("validateLayers()", async (t) => {
  await t.step("accepts any depth", () => validateLayers([784, 512, 256, 128, 10], "x"));
  await t.step("refuses fewer than two widths and fractional widths", () => {
    assert.throws(() => validateLayers([784], "Cannot build"), RangeError);
    assert.throws(() => validateLayers([784, 1.5, 10], "Cannot build"), /width 1 must be/);
  });
  await t.step("refuses a net larger than MAX_PARAMETERS, saying so", () => {
    assert.throws(
      () => validateLayers([784, 100_000, 10_000, 10], "Cannot build"),
      new RegExp(`more than the ${MAX_PARAMETERS}`),
    );
  });
});

Deno.test("architecture() and parameterCount()", () => {
  assert.equal(architecture([784, 512, 256, 10]), "784-512-256-10");
  assert.equal(parameterCount([784, 512, 256, 10]), 784 * 512 + 512 + 512 * 256 + 256 + 2570);
});
