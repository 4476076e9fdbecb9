import assert from "node:assert/strict";
import type { Backend, Tensor } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { seededPrng } from "@simple-mnist/random";
import {
  createOptimizer,
  defaultLearningRate,
  type OptimizerName,
  type OptimizerOptions,
  OPTIMIZERS,
  type Param,
} from "./mod.ts";
import { testBackends } from "./_test_backends.ts";

/** The update rules' equations in float64, one step at a time, over plain arrays. */
function referenceRule(name: OptimizerName, o: Required<OptimizerOptions>, isWeight: boolean) {
  let v: number[] = [];
  let m: number[] = [];
  let t = 0;
  return (w: number[], dw: number[], lr: number): number[] => {
    if (v.length === 0) v = w.map(() => 0);
    if (m.length === 0) m = w.map(() => 0);
    const decayed = isWeight ? w.map((x) => x - lr * o.weightDecay * x) : w;
    switch (name) {
      case "sgd":
        return decayed.map((x, i) => x - lr * dw[i]);
      case "momentum":
        v = v.map((x, i) => o.momentum * x - lr * dw[i]);
        return decayed.map((x, i) => x + v[i]);
      case "nesterov": {
        // cs231n's form, kept apart from the code's rewritten one on purpose.
        const vPrev = v;
        v = v.map((x, i) => o.momentum * x - lr * dw[i]);
        return decayed.map((x, i) => x - o.momentum * vPrev[i] + (1 + o.momentum) * v[i]);
      }
      case "rmsprop":
        v = v.map((x, i) => o.beta2 * x + (1 - o.beta2) * dw[i] ** 2);
        return decayed.map((x, i) => x - lr * dw[i] / (Math.sqrt(v[i]) + o.epsilon));
      case "adam":
      case "adamw": {
        t++;
        m = m.map((x, i) => o.beta1 * x + (1 - o.beta1) * dw[i]);
        v = v.map((x, i) => o.beta2 * x + (1 - o.beta2) * dw[i] ** 2);
        const mHat = m.map((x) => x / (1 - o.beta1 ** t));
        const vHat = v.map((x) => x / (1 - o.beta2 ** t));
        return decayed.map((x, i) => x - lr * mHat[i] / (Math.sqrt(vHat[i]) + o.epsilon));
      }
    }
  };
}

function put(backend: Backend, values: number[], rows: number, cols: number): Tensor {
  const t = backend.create(rows, cols);
  backend.upload(t, values);
  return t;
}

for (const backend of testBackends()) {
  Deno.test(`update rules on ${backend.name}`, async (t) => {
    for (const name of OPTIMIZERS) {
      await t.step(`${name} follows its equations over 6 steps, weights and biases`, async () => {
        const options: Required<OptimizerOptions> = {
          momentum: 0.8,
          beta1: 0.7,
          beta2: 0.9,
          epsilon: 1e-6,
          weightDecay: name === "adamw" ? 0.1 : name === "momentum" ? 0.05 : 0,
        };
        const optimizer = createOptimizer(backend, name, options);
        const prng = seededPrng(3);
        let w = Array.from({ length: 12 }, () => prng() - 0.5);
        let bias = [0.5, -0.25, 1];
        const W = put(backend, w, 3, 4);
        const b = put(backend, bias, 3, 1);
        const dW = backend.create(3, 4);
        const db = backend.create(3, 1);
        const params: Param<Tensor>[] = [
          { name: "W1", isWeight: true, value: W, grad: dW },
          { name: "b1", isWeight: false, value: b, grad: db },
        ];
        const refW = referenceRule(name, options, true);
        const refB = referenceRule(name, options, false);
        for (let step = 0; step < 6; step++) {
          const gw = Array.from({ length: 12 }, () => 2 * prng() - 1);
          const gb = [prng(), -prng(), 0];
          backend.upload(dW, gw);
          backend.upload(db, gb);
          const lr = 0.05 * (step + 1);
          optimizer.step(params, lr);
          w = refW(w, gw, lr);
          bias = refB(bias, gb, lr);
          const [gotW, gotB] = [await backend.download(W), await backend.download(b)];
          for (const [got, want, what] of [[gotW, w, "W"], [gotB, bias, "b"]] as const) {
            for (let i = 0; i < want.length; i++) {
              assert.ok(
                Math.abs(got[i] - want[i]) <= 1e-5 * (1 + Math.abs(want[i])),
                `${name} step ${step} ${what}[${i}]: ${got[i]} vs ${want[i]}`,
              );
            }
          }
        }
        optimizer.dispose();
      });
    }

    await t.step("adam's first step is bias-corrected: about α·sign(dw)", async () => {
      const optimizer = createOptimizer(backend, "adam");
      const w = put(backend, [0, 0, 0], 1, 3);
      const dw = put(backend, [3, -0.02, 1e-4], 1, 3);
      optimizer.step([{ name: "W1", isWeight: true, value: w, grad: dw }], 0.001);
      const got = await backend.download(w);
      // m̂ = dw and v̂ = dw², so the step is α·dw/(|dw| + ε).
      assert.ok(Math.abs(got[0] + 0.001) < 1e-9 && Math.abs(got[1] - 0.001) < 1e-9);
      assert.ok(Math.abs(got[2] + 0.001 * 1e-4 / (1e-4 + 1e-8)) < 1e-9);
      optimizer.dispose();
    });
  });
}

Deno.test("createOptimizer()", async (t) => {
  await t.step("defaults: μ 0.9, λ 0.01 for adamw only, and the rate by family", () => {
    const backend = new JsBackend();
    assert.equal(createOptimizer(backend, "adamw").weightDecay, 0.01);
    assert.equal(createOptimizer(backend, "adam").weightDecay, 0);
    assert.deepEqual(
      OPTIMIZERS.map(defaultLearningRate),
      [0.1, 0.1, 0.1, 0.001, 0.001, 0.001],
    );
  });
  await t.step("refuses hyperparameters out of range and unknown names", () => {
    const backend = new JsBackend();
    for (
      const options of [{ momentum: 1.5 }, { beta2: 1 }, { beta1: -0.1 }, { epsilon: 0 }, {
        weightDecay: -1,
      }]
    ) {
      assert.throws(() => createOptimizer(backend, "adam", options), RangeError);
    }
    assert.throws(() => createOptimizer(backend, "lion" as OptimizerName), /unknown optimizer/);
  });
});
