import assert from "node:assert/strict";
import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
import { type Activation, ACTIVATIONS, type Backend, type BackendOp } from "./mod.ts";
import { checkBackend, conformanceOps } from "./testing.ts";

/** Where each compute op's output sits among its arguments. */
const OUT_ARGUMENT = {
  matmul: 2,
  addBias: 2,
  activate: 1,
  activateGrad: 2,
  softmax: 1,
  softmaxCrossEntropyGrad: 2,
  rowSum: 1,
  axpby: 4,
  mul: 2,
  divSqrt: 3,
  sumSquares: 1,
  argmax: 1,
  crossEntropy: 2,
  im2col: 2,
  col2im: 2,
  maxPool: 2,
  maxPoolGrad: 3,
  reshape: 1,
  uploadPixels: 0,
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
    activate: (z, out, g) => real.activate(z, out, g),
    activateGrad: (grad, z, out, g) => real.activateGrad(grad, z, out, g),
    softmax: (z, out) => real.softmax(z, out),
    softmaxCrossEntropyGrad: (p, l, out) => real.softmaxCrossEntropyGrad(p, l, out),
    rowSum: (x, out, scale) => real.rowSum(x, out, scale),
    axpby: (alpha, x, beta, y, out) => real.axpby(alpha, x, beta, y, out),
    mul: (a, b, out) => real.mul(a, b, out),
    divSqrt: (a, v, epsilon, out) => real.divSqrt(a, v, epsilon, out),
    sumSquares: (x, out) => real.sumSquares(x, out),
    argmax: (x, out) => real.argmax(x, out),
    crossEntropy: (p, l, out) => real.crossEntropy(p, l, out),
    im2col: (x, g, out) => real.im2col(x, g, out),
    col2im: (cols, g, out) => real.col2im(cols, g, out),
    maxPool: (x, g, out) => real.maxPool(x, g, out),
    maxPoolGrad: (grad, x, g, out) => real.maxPoolGrad(grad, x, g, out),
    reshape: (src, out) => real.reshape(src, out),
    uploadPixels: (dst, images, indices) => real.uploadPixels(dst, images, indices),
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

  for (const activation of ACTIVATIONS) {
    await t.step(`catches a wrong ${activation} alone, forward and backward`, async () => {
      for (const op of ["activate", "activateGrad"] as const) {
        const real = new JsBackend();
        const broken = Object.assign(Object.create(real), {
          [op]: (...args: [JsTensor, JsTensor, JsTensor, Activation]) => {
            (real[op] as (...a: unknown[]) => void)(...args);
            const g = args[args.length - 1];
            const out = args[args.length - 2] as JsTensor;
            if (g === activation) out.data[0] += 0.01;
          },
        });
        const results = await checkBackend(broken, [op]);
        assert.ok(results.some((r) => r.error !== undefined), `${op} ${activation}`);
      }
    });
  }

  await t.step("catches a backend that skips shape checks", async () => {
    const real = new JsBackend();
    const lax = Object.assign(Object.create(real), {
      activate: (z: JsTensor, out: JsTensor) => {
        for (let e = 0; e < Math.min(z.data.length, out.data.length); e++) {
          out.data[e] = Math.max(z.data[e], 0);
        }
      },
    });
    const results = await checkBackend(lax, ["activate"]);
    assert.ok(results.some((r) => r.name.startsWith("refuses") && r.error !== undefined));
  });
});

Deno.test("conformanceOps()", async (t) => {
  await t.step("covers every method a backend has", () => {
    const methods = new Set<string>();
    for (
      let proto = Object.getPrototypeOf(new JsBackend());
      proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const name of Object.getOwnPropertyNames(proto)) methods.add(name);
    }
    // `prepare` and the kernels (`addBiasKernel`, …) are Float32Backend's
    // protected hooks, not ops.
    for (const name of methods) {
      if (name === "constructor" || name === "prepare" || name.endsWith("Kernel")) {
        methods.delete(name);
      }
    }
    assert.deepEqual([...methods].sort(), [...conformanceOps()].sort());
  });
});
