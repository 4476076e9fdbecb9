import assert from "node:assert/strict";
import { classReports, evaluate, predict, probabilities, Sequential, type Weights } from "./mod.ts";
import { testBackends } from "./_test_backends.ts";

/** A net whose class is the brightest of its 3 pixels. */
const identity: Weights = {
  layers: [3, 3, 3],
  activation: "relu",
  W: [Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), Float32Array.of(10, 0, 0, 0, 10, 0, 0, 0, 10)],
  b: [new Float32Array(3), new Float32Array(3)],
};

/** 20,000 samples (more than one chunk), sample j brightest at pixel j % 3. */
function cycle(count: number) {
  const pixels = new Uint8Array(count * 3);
  const labels = new Uint8Array(count);
  for (let j = 0; j < count; j++) {
    pixels[j * 3 + (j % 3)] = 200;
    labels[j] = j % 7 === 0 ? (j + 1) % 3 : j % 3;
  }
  return { count, features: 3, pixels, labels };
}

for (const backend of testBackends()) {
  Deno.test(`evaluate() on ${backend.name}`, async (t) => {
    const net = Sequential.fromWeights(backend, identity);
    const examples = cycle(20_000);
    const result = await evaluate(net, examples);

    await t.step("predicts every sample across chunks", async () => {
      assert.equal(result.predictions.length, 20_000);
      assert.ok(result.predictions.every((p, j) => p === j % 3));
      assert.deepEqual(await predict(net, examples), result.predictions);
    });
    await t.step("counts accuracy and the confusion matrix", () => {
      const wrong = Math.ceil(20_000 / 7);
      assert.equal(result.accuracy, (20_000 - wrong) / 20_000);
      assert.equal(result.confusion.flat().reduce((a, b) => a + b), 20_000);
      for (let label = 0; label < 3; label++) {
        assert.equal(
          result.confusion[label].reduce((a, b) => a + b),
          examples.labels.filter((l) => l === label).length,
        );
      }
    });
    await t.step("averages the loss over every sample", () => {
      assert.ok(result.loss > 0 && Number.isFinite(result.loss));
    });
    await t.step("gives one sample's probabilities", async () => {
      const p = await probabilities(net, examples, 4);
      assert.equal(p.length, 3);
      assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-6);
      assert.equal(p.indexOf(Math.max(...p)), 1);
      await assert.rejects(probabilities(net, examples, 20_000), RangeError);
    });
    await t.step("refuses unlabelled data", async () => {
      await assert.rejects(evaluate(net, { ...examples, labels: undefined }), /no labels/);
    });
    net.dispose();
  });
}

Deno.test("classReports()", async (t) => {
  await t.step("derives precision, recall and support", () => {
    const reports = classReports([[5, 0, 0], [1, 3, 0], [0, 0, 0]]);
    assert.deepEqual(reports[0], { label: 0, precision: 5 / 6, recall: 1, support: 5 });
    assert.deepEqual(reports[1], { label: 1, precision: 1, recall: 0.75, support: 4 });
    assert.ok(Number.isNaN(reports[2].precision));
    assert.ok(Number.isNaN(reports[2].recall));
  });
});
