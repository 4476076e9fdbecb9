import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { Dropout, initWeights, Sequential } from "./mod.ts";
import { testBackends } from "./_test_backends.ts";

for (const backend of testBackends()) {
  Deno.test(`Dropout on ${backend.name}`, async (t) => {
    const [rows, cols] = [50, 200];
    const ones = backend.create(rows, cols);
    backend.upload(ones, new Float32Array(rows * cols).fill(1));

    await t.step("drops at the rate, and scales kept units by 1/(1 − p)", async () => {
      for (const p of [0.2, 0.5]) {
        const dropout = new Dropout(backend, rows, p, seededPrng(1));
        const out = await backend.download(dropout.forward(ones, true));
        const dropped = out.filter((v) => v === 0).length / out.length;
        // 10,000 draws: the standard deviation of the rate is under 0.005.
        assert.ok(Math.abs(dropped - p) < 0.02, `p ${p}: dropped ${dropped}`);
        assert.ok(out.every((v) => v === 0 || v === Math.fround(1 / (1 - p))));
        dropout.dispose();
      }
    });
    await t.step("passes the gradient through the same mask", async () => {
      const dropout = new Dropout(backend, rows, 0.5, seededPrng(2));
      const mask = await backend.download(dropout.forward(ones, true));
      const grad = backend.create(rows, cols);
      backend.upload(grad, new Float32Array(rows * cols).fill(3));
      const dA = await backend.download(dropout.backward(grad));
      assert.deepEqual([...dA], [...mask].map((v) => Math.fround(3 * v)));
      dropout.dispose();
    });
    await t.step("draws the same masks from the same seed, and new ones each pass", async () => {
      const [a, b] = [
        new Dropout(backend, rows, 0.3, seededPrng(7)),
        new Dropout(backend, rows, 0.3, seededPrng(7)),
      ];
      const first = await backend.download(a.forward(ones, true));
      assert.deepEqual(first, await backend.download(b.forward(ones, true)));
      assert.notDeepEqual(first, await backend.download(a.forward(ones, true)));
      a.dispose();
      b.dispose();
    });
    await t.step("is off at evaluation: the net equals the net without dropout", async () => {
      const weights = initWeights(seededPrng(3), { inputs: rows, hidden: [16, 8], classes: 4 });
      const withDropout = Sequential.fromWeights(backend, weights, {
        dropout: 0.5,
        prng: seededPrng(4),
      });
      const plain = Sequential.fromWeights(backend, weights);
      assert.equal(withDropout.layers.filter((l) => l instanceof Dropout).length, 2);
      const a = await backend.download(withDropout.forward(ones).probs);
      const b = await backend.download(plain.forward(ones).probs);
      assert.deepEqual(a, b);
      const trained = await backend.download(withDropout.forward(ones, true).probs);
      assert.notDeepEqual(trained, b);
      withDropout.dispose();
      plain.dispose();
    });
    await t.step("refuses a rate outside [0, 1), and dropout without a prng", () => {
      for (const p of [1, -0.1, Number.NaN]) {
        assert.throws(() => new Dropout(backend, 2, p, seededPrng(0)), RangeError);
      }
      assert.throws(
        () => Sequential.fromWeights(backend, initWeights(seededPrng(0)), { dropout: 0.5 }),
        /needs a prng/,
      );
    });
    backend.dispose(ones);
  });
}
