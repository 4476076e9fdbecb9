import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { defaultInitScheme, dense, initialValues, mlp, type ParamSpec, relu } from "./mod.ts";

function std(values: Float32Array): number {
  const mean = values.reduce((a, b) => a + b) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

const W: ParamSpec = { name: "W", shape: [100, 784], role: "weight", fanIn: 784 };
const b: ParamSpec = { name: "b", shape: [100], role: "bias", fanIn: 784 };

Deno.test("initialValues()", async (t) => {
  await t.step("uniform draws weights and biases from [-0.5, 0.5), as the seed", () => {
    const w = initialValues(seededPrng(0), W, "uniform");
    assert.ok(w.every((v) => v >= -0.5 && v < 0.5));
    assert.ok(Math.abs(std(w) - Math.sqrt(1 / 12)) < 0.01);
    assert.ok(initialValues(seededPrng(0), b, "uniform").some((v) => v !== 0));
  });
  await t.step("xavier and he scale by fan-in and zero the biases", () => {
    assert.ok(
      Math.abs(std(initialValues(seededPrng(0), W, "xavier")) - Math.sqrt(1 / 784)) < 0.002,
    );
    assert.ok(Math.abs(std(initialValues(seededPrng(0), W, "he")) - Math.sqrt(2 / 784)) < 0.002);
    const small = { ...W, shape: [10, 100], fanIn: 100 };
    assert.ok(Math.abs(std(initialValues(seededPrng(0), small, "he")) - Math.sqrt(2 / 100)) < 0.02);
    for (const scheme of ["xavier", "he"] as const) {
      assert.ok(initialValues(seededPrng(0), b, scheme).every((v) => v === 0));
    }
  });
  await t.step("constants draw nothing", () => {
    const prng = seededPrng(0);
    assert.ok(initialValues(prng, { ...b, role: "one" }, "he").every((v) => v === 1));
    assert.ok(initialValues(prng, { ...b, role: "zero" }, "uniform").every((v) => v === 0));
    assert.equal(prng(), seededPrng(0)());
  });
  await t.step("is reproducible from the seed", () => {
    assert.deepEqual(initialValues(seededPrng(7), W, "he"), initialValues(seededPrng(7), W, "he"));
    assert.notDeepEqual(
      initialValues(seededPrng(7), W, "he"),
      initialValues(seededPrng(8), W, "he"),
    );
  });
});

Deno.test("defaultInitScheme()", async (t) => {
  await t.step("is the seed's uniform for one hidden layer of 10", () => {
    assert.equal(defaultInitScheme(mlp([784, 10, 10], "relu")), "uniform");
    assert.equal(defaultInitScheme(mlp([784, 10, 10], "tanh")), "uniform");
  });
  await t.step("else he for ReLU-like nets and xavier for smooth ones", () => {
    assert.equal(defaultInitScheme(mlp([784, 64, 32, 10], "leaky-relu")), "he");
    assert.equal(defaultInitScheme(mlp([784, 64, 10], "sigmoid")), "xavier");
    assert.equal(defaultInitScheme([dense(784, 20), relu(), dense(20, 10)]), "he");
  });
});
