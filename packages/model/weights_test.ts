import assert from "node:assert/strict";
import { validateWeights } from "./weights.ts";

Deno.test("validateWeights()", async (t) => {
  const good = {
    inputs: 3,
    hidden: 2,
    classes: 2,
    W1: new Float32Array(6),
    b1: new Float32Array(2),
    W2: new Float32Array(4),
    b2: new Float32Array(2),
  };
  await t.step("accepts matching lengths", () => validateWeights(good));
  await t.step("names the array whose length is wrong, and the source", () => {
    assert.throws(() => validateWeights({ ...good, W2: new Float32Array(5) }, "x.model"), {
      name: "TypeError",
      message: "Cannot use x.model: W2 has 5 values but 3-2-2 needs 4",
    });
  });
  await t.step("refuses a non-positive size", () => {
    assert.throws(() => validateWeights({ ...good, hidden: 0 }), /hidden must be a positive/);
  });
});
