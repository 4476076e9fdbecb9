import assert from "node:assert/strict";
import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
import type { Backend, BackendOp } from "./mod.ts";
import { checkBackend, conformanceOps } from "./testing.ts";

/** Where each compute op's output sits among its arguments. */
const OUT_ARGUMENT = {
  matmul: 2,
  addBias: 2,
  relu: 1,
  reluMask: 2,
  softmax: 1,
  softmaxCrossEntropyGrad: 2,
  rowSum: 1,
  scaledAdd: 3,
  argmax: 1,
  crossEntropy: 2,
} as const;

/** A JsBackend whose `op` is wrong in a small way (dispose cannot be wrong observably). */
function sabotaged(op: Exclude<BackendOp, "dispose">): Backend<JsTensor> {
  const real = new JsBackend();
  const broken: Backend<JsTensor> = {
    name: "sabotaged",
    create: (rows, cols) => real.create(rows, cols),
    upload: (dst, values) => real.upload(dst, values),
    download: (src) => real.download(src),
    dispose: (tensor) => real.dispose(tensor),
    matmul: (a, b, out, options) => real.matmul(a, b, out, options),
    addBias: (x, bias, out) => real.addBias(x, bias, out),
    relu: (z, out) => real.relu(z, out),
    reluMask: (grad, z, out) => real.reluMask(grad, z, out),
    softmax: (z, out) => real.softmax(z, out),
    softmaxCrossEntropyGrad: (p, l, out) => real.softmaxCrossEntropyGrad(p, l, out),
    rowSum: (x, out, scale) => real.rowSum(x, out, scale),
    scaledAdd: (a, b, alpha, out) => real.scaledAdd(a, b, alpha, out),
    argmax: (x, out) => real.argmax(x, out),
    crossEntropy: (p, l, out) => real.crossEntropy(p, l, out),
  };
  switch (op) {
    case "create":
      broken.create = (rows, cols) => {
        const t = real.create(rows, cols);
        t.data[t.data.length - 1] = 1;
        return t;
      };
      break;
    case "upload":
      broken.upload = (dst, values) => {
        real.upload(dst, values);
        dst.data[dst.data.length - 1] = 0.5;
      };
      break;
    case "download":
      broken.download = async (src) => {
        const values = await real.download(src);
        values.reverse();
        return values;
      };
      break;
    default: {
      const index = OUT_ARGUMENT[op];
      const original = broken[op] as (...args: unknown[]) => void;
      (broken as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => {
        original(...args);
        const out = args[index] as JsTensor;
        out.data[out.data.length - 1] += 0.01;
      };
    }
  }
  return broken;
}

Deno.test("checkBackend()", async (t) => {
  await t.step("passes the pure-TypeScript backend on every case", async () => {
    const failures = (await checkBackend(new JsBackend())).filter((r) => r.error !== undefined);
    assert.deepEqual(failures, []);
  });

  for (const op of conformanceOps()) {
    if (op === "dispose") continue;
    await t.step(`catches a wrong ${op}`, async () => {
      const results = await checkBackend(sabotaged(op), [op]);
      assert.ok(
        results.some((r) => r.error !== undefined),
        `no ${op} case noticed the sabotage`,
      );
    });
  }

  await t.step("catches a backend that skips shape checks", async () => {
    const real = new JsBackend();
    const lax = Object.assign(Object.create(real), {
      relu: (z: JsTensor, out: JsTensor) => {
        for (let e = 0; e < Math.min(z.data.length, out.data.length); e++) {
          out.data[e] = Math.max(z.data[e], 0);
        }
      },
    });
    const results = await checkBackend(lax, ["relu"]);
    assert.ok(results.some((r) => r.name.startsWith("refuses") && r.error !== undefined));
  });
});

Deno.test("conformanceOps()", async (t) => {
  await t.step("covers every method a backend has", () => {
    const backend = new JsBackend();
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(backend))
      .filter((name) => name !== "constructor");
    assert.deepEqual([...methods].sort(), [...conformanceOps()].sort());
  });
});
