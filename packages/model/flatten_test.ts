import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { seededPrng } from "@simple-mnist/random";
import { conv2d, dense, FLATTEN, flatten, parseLayer, planNet, Sequential } from "./mod.ts";

Deno.test("Flatten", async (t) => {
  await t.step("hands its tensor on both ways: an image batch already is the vectors", () => {
    const backend = new JsBackend();
    const net = new Sequential(backend, [conv2d(2, 3), flatten(), dense(18, 2)], {
      input: [1, 5, 5],
      prng: seededPrng(0),
    });
    const layer = net.layers[1];
    assert.deepEqual([layer.inputShape, layer.outputShape], [[2, 3, 3], [18]]);
    const A = backend.create(18, 3);
    assert.equal(layer.forward(A, true), A);
    assert.equal(layer.backward(A), A);
    assert.deepEqual(layer.params(), []);
    net.dispose();
  });
});

Deno.test("FLATTEN", async (t) => {
  await t.step("outputs a vector of the input's size, for any shape", () => {
    assert.deepEqual(FLATTEN.outputShape(flatten(), [32, 4, 4]), [512]);
    assert.deepEqual(FLATTEN.outputShape(flatten(), [10]), [10]);
  });
  await t.step("reads its spec from JSON, and refuses fields", () => {
    assert.deepEqual(parseLayer({ type: "flatten" }), flatten());
    assert.throws(() => parseLayer({ type: "flatten", size: 2 }), /flatten has no field "size"/);
    assert.equal(FLATTEN.describe(flatten()), "flatten()");
  });
  await t.step("lets a dense layer take what a convolution outputs", () => {
    const { plans } = planNet([conv2d(4, 5), flatten(), dense(4 * 24 * 24, 10)], [1, 28, 28]);
    assert.deepEqual(plans.map((p) => p.output), [[4, 24, 24], [2304], [10]]);
  });
});
