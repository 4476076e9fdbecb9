import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { AugmentWorker } from "./augment_worker.ts";
import { createAugmenter } from "./augmenter.ts";

function images(count: number, seed: number): Uint8Array {
  const prng = seededPrng(seed);
  return Uint8Array.from(
    { length: count * 784 },
    () => prng() < 0.8 ? 0 : Math.floor(256 * prng()),
  );
}

Deno.test("AugmentWorker", async (t) => {
  await t.step(
    "gives the bytes the augmenter gives on this thread, batch after batch",
    async () => {
      for (const name of ["shift", "affine", "elastic"] as const) {
        const worker = new AugmentWorker(name, 11, 28);
        assert.ok(worker.onWorker);
        const batches = [images(3, 1), images(5, 2), images(1, 3)];
        for (const batch of batches) worker.submit(batch, 784);
        assert.equal(worker.submitted, 3);
        const here = createAugmenter(name, seededPrng(11))!;
        for (const batch of batches) {
          const expected = new Uint8Array(batch.length);
          for (let at = 0; at < batch.length; at += 784) {
            here(batch.subarray(at, at + 784), expected.subarray(at, at + 784));
          }
          assert.deepEqual(await worker.next(), expected, name);
        }
        worker.close();
      }
    },
  );
  await t.step("copies what it is given: the caller may reuse its buffer at once", async () => {
    const worker = new AugmentWorker("shift", 2, 28);
    const batch = images(2, 4);
    const copy = batch.slice();
    worker.submit(batch, 784);
    batch.fill(9);
    const here = createAugmenter("shift", seededPrng(2))!;
    const expected = new Uint8Array(copy.length);
    here(copy.subarray(0, 784), expected.subarray(0, 784));
    here(copy.subarray(784), expected.subarray(784));
    assert.deepEqual(await worker.next(), expected);
    worker.close();
  });
  await t.step("refuses none, and a next() with nothing submitted", async () => {
    assert.throws(() => new AugmentWorker("none", 0, 28), RangeError);
    const worker = new AugmentWorker("affine", 0, 28);
    await assert.rejects(() => worker.next(), /none was submitted/);
    worker.close();
  });
  await t.step("rejects next() with the reason when the worker fails to start", async () => {
    const worker = new AugmentWorker("affine", 0, 28, {
      workerUrl: new URL("./_no_such_augment_worker.ts", import.meta.url),
    });
    worker.submit(images(1, 5), 784);
    await assert.rejects(() => worker.next(), /the worker failed/);
    worker.close();
  });
});
