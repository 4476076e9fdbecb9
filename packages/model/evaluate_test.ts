import assert from "node:assert/strict";
import {
  classifyProbabilities,
  classReports,
  confusionMatrix,
  evaluate,
  mlp,
  type ParamValues,
  predict,
  probabilities,
  Sequential,
  setProbabilities,
} from "./mod.ts";
import { testBackends } from "./_test_backends.ts";

/** A net whose class is the brightest of its 3 pixels. */
const identity: ParamValues = {
  W1: Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1),
  b1: new Float32Array(3),
  W2: Float32Array.of(10, 0, 0, 0, 10, 0, 0, 0, 10),
  b2: new Float32Array(3),
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
    const net = new Sequential(backend, mlp([3, 3, 3], "relu"), { params: identity });
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
    await t.step("gives every sample's probabilities, as the report reads them", async () => {
      const all = await setProbabilities(net, examples);
      assert.deepEqual([all.count, all.classes], [20_000, 3]);
      assert.deepEqual([...all.values.subarray(12, 15)], [
        ...await probabilities(net, examples, 4),
      ]);
      const host = classifyProbabilities(all, examples.labels);
      assert.deepEqual(host.predictions, result.predictions);
      assert.deepEqual(host.confusion, result.confusion);
      assert.ok(Math.abs(host.loss - result.loss) < 1e-5);
    });
    await t.step("refuses unlabelled data", async () => {
      await assert.rejects(evaluate(net, { ...examples, labels: undefined }), /no labels/);
    });
    net.dispose();
  });
}

Deno.test("classReports()", async (t) => {
  await t.step("derives precision, recall, F1 and support", () => {
    const reports = classReports([[5, 0, 0], [1, 3, 0], [0, 0, 0]]);
    assert.deepEqual(reports[0], {
      label: 0,
      precision: 5 / 6,
      recall: 1,
      f1: 10 / 11,
      support: 5,
    });
    assert.deepEqual(reports[1], { label: 1, precision: 1, recall: 0.75, f1: 6 / 7, support: 4 });
    assert.ok(Number.isNaN(reports[2].precision));
    assert.ok(Number.isNaN(reports[2].recall));
    assert.ok(Number.isNaN(reports[2].f1));
  });
});

Deno.test("confusionMatrix()", async (t) => {
  await t.step("counts label against prediction", () => {
    assert.deepEqual(confusionMatrix([0, 0, 2], [0, 2, 2], 3), [[1, 0, 1], [0, 0, 0], [0, 0, 1]]);
  });
  await t.step("refuses mismatched lengths and classes out of range", () => {
    assert.throws(() => confusionMatrix([0], [0, 1], 2), /1 labels but 2 predictions/);
    assert.throws(() => confusionMatrix([3], [0], 2), /sample 0 has label 3/);
  });
});

Deno.test("classifyProbabilities()", async (t) => {
  await t.step("takes the first of tied classes, as argmax does", () => {
    const c = classifyProbabilities(
      { count: 1, classes: 2, values: Float32Array.of(0.5, 0.5) },
      Uint8Array.of(0),
    );
    assert.equal(c.accuracy, 1);
    assert.ok(Math.abs(c.loss - Math.LN2) < 1e-7);
  });
  await t.step("gives NaN figures for no samples, and refuses bad sizes or labels", () => {
    const none = classifyProbabilities(
      { count: 0, classes: 3, values: new Float32Array(0) },
      new Uint8Array(0),
    );
    assert.ok(Number.isNaN(none.accuracy) && Number.isNaN(none.loss));
    assert.throws(
      () =>
        classifyProbabilities(
          { count: 2, classes: 2, values: new Float32Array(3) },
          Uint8Array.of(0, 1),
        ),
      TypeError,
    );
    assert.throws(
      () =>
        classifyProbabilities(
          { count: 1, classes: 2, values: Float32Array.of(1, 0) },
          Uint8Array.of(2),
        ),
      RangeError,
    );
  });
});
