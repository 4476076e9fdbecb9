import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { dense, DROPOUT, dropout, type Layer, mlp, Sequential, type Tensor } from "./mod.ts";
import { testBackends } from "./_test_backends.ts";

for (const backend of testBackends()) {
  Deno.test(`dropout() on ${backend.name}`, async (t) => {
    const [rows, cols] = [50, 200];
    const ones = backend.create(rows, cols);
    backend.upload(ones, new Float32Array(rows * cols).fill(1));
    const layer = (p: number, seed: number): { layer: Layer<Tensor>; net: Sequential<Tensor> } => {
      const net = new Sequential(backend, [dropout(p), dense(rows, 2)], {
        input: [rows],
        prng: seededPrng(0),
        noise: seededPrng(seed),
      });
      return { layer: net.layers[0], net };
    };

    await t.step("drops at the rate, and scales kept units by 1/(1 − p)", async () => {
      for (const p of [0.2, 0.5]) {
        const { layer: d, net } = layer(p, 1);
        const out = await backend.download(d.forward(ones, true));
        const dropped = out.filter((v) => v === 0).length / out.length;
        // 10,000 draws: the standard deviation of the rate is under 0.005.
        assert.ok(Math.abs(dropped - p) < 0.02, `p ${p}: dropped ${dropped}`);
        assert.ok(out.every((v) => v === 0 || v === Math.fround(1 / (1 - p))));
        net.dispose();
      }
    });
    await t.step("passes the gradient through the same mask", async () => {
      const { layer: d, net } = layer(0.5, 2);
      const mask = await backend.download(d.forward(ones, true));
      const grad = backend.create(rows, cols);
      backend.upload(grad, new Float32Array(rows * cols).fill(3));
      const dA = await backend.download(d.backward(grad)!);
      assert.deepEqual([...dA], [...mask].map((v) => Math.fround(3 * v)));
      backend.dispose(grad);
      net.dispose();
    });
    await t.step(
      "draws the same masks from the same seed, new ones each pass, or holds one",
      async () => {
        const [a, b] = [layer(0.3, 7), layer(0.3, 7)];
        const first = await backend.download(a.layer.forward(ones, true));
        assert.deepEqual(first, await backend.download(b.layer.forward(ones, true)));
        const second = await backend.download(a.layer.forward(ones, true));
        assert.notDeepEqual(first, second);
        a.layer.holdRandomness!(true);
        assert.deepEqual(await backend.download(a.layer.forward(ones, true)), second);
        a.net.dispose();
        b.net.dispose();
      },
    );
    await t.step("is off at evaluation: the net equals the net without dropout", async () => {
      const built = new Sequential(backend, mlp([rows, 16, 8, 4], "relu"), { prng: seededPrng(3) });
      const params = await built.parameters();
      built.dispose();
      const withDropout = new Sequential(backend, mlp([rows, 16, 8, 4], "relu", { dropout: 0.5 }), {
        params,
        noise: seededPrng(4),
      });
      const plain = new Sequential(backend, mlp([rows, 16, 8, 4], "relu"), { params });
      assert.equal(withDropout.layers.filter((l) => l.spec.type === "dropout").length, 2);
      const a = await backend.download(withDropout.forward(ones).probs);
      const b = await backend.download(plain.forward(ones).probs);
      assert.deepEqual(a, b);
      const trained = await backend.download(withDropout.forward(ones, true).probs);
      assert.notDeepEqual(trained, b);
      withDropout.dispose();
      plain.dispose();
    });
    backend.dispose(ones);
  });
}

Deno.test("dropout() specs", async (t) => {
  await t.step("refuses a rate outside [0, 1)", () => {
    for (const p of [1, -0.1, Number.NaN]) assert.throws(() => dropout(p), RangeError);
    assert.throws(
      () => DROPOUT.parse({ type: "dropout", rate: 1 }),
      /rate must be a number in \[0, 1\)/,
    );
    assert.throws(() => DROPOUT.parse({ type: "dropout", rate: 0.1, p: 2 }), /no field "p"/);
  });
});
