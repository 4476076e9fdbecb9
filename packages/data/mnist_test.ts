import assert from "node:assert/strict";
import { bundledMnistDir, IDX_FILES, loadMnist, MNIST_SHA256 } from "./mod.ts";

Deno.test("loadMnist()", async (t) => {
  await t.step("loads the bundled 60,000 + 10,000 images", async () => {
    const { train, test } = await loadMnist();
    assert.deepEqual([train.count, train.width, train.height], [60_000, 28, 28]);
    assert.equal(test?.count, 10_000);
    assert.equal(train.labels?.length, 60_000);
    // The first training image of MNIST is a 5; the first test image a 7.
    assert.equal(train.labels?.[0], 5);
    assert.equal(test?.labels?.[0], 7);
    assert.ok(train.pixels.some((p) => p === 255));
  });
  await t.step("refuses a file whose digest differs", async () => {
    const sha256 = { ...MNIST_SHA256, testLabels: "0".repeat(64) };
    await assert.rejects(loadMnist({ sha256 }), (error: Error) => {
      assert.match(error.message, new RegExp(`${IDX_FILES.testLabels}: SHA-256 is ff7bcfd4`));
      assert.match(error.message, /refusing an altered file/);
      return true;
    });
  });
  await t.step("refuses a tampered copy", async () => {
    const dir = await Deno.makeTempDir();
    for (const name of Object.values(IDX_FILES)) {
      await Deno.copyFile(`${bundledMnistDir()}/${name}`, `${dir}/${name}`);
    }
    const labels = await Deno.readFile(`${dir}/${IDX_FILES.trainLabels}`);
    labels[100] = (labels[100] + 1) % 10;
    await Deno.writeFile(`${dir}/${IDX_FILES.trainLabels}`, labels);
    await assert.rejects(loadMnist({ dir }), /train-labels-idx1-ubyte: SHA-256 is/);
    await Deno.remove(dir, { recursive: true });
  });
});
