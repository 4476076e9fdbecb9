import assert from "node:assert/strict";
import { testBackend } from "@simple-mnist/backend/testing";
import { JsBackend } from "./mod.ts";

Deno.test("JsBackend conformance", (t) => testBackend(t, new JsBackend()));

Deno.test("JsBackend", async (t) => {
  const backend = new JsBackend();
  await t.step("refuses a tensor from another backend", () => {
    const foreign = { rows: 1, cols: 1 };
    // @ts-expect-error: a plain shape is not a JsTensor, which is the point.
    assert.throws(() => backend.activate(foreign, backend.create(1, 1), "relu"), {
      name: "TypeError",
      message: "Cannot run activate: the tensor was not created by the js backend",
    });
  });
  await t.step("refuses a disposed tensor", () => {
    const t = backend.create(1, 1);
    backend.dispose(t);
    assert.throws(() => backend.upload(t, [1]), /was disposed/);
  });
  await t.step("names both operands, transposed, in a matmul mismatch", () => {
    assert.throws(
      () =>
        backend.matmul(backend.create(2, 3), backend.create(3, 3), backend.create(3, 3), {
          transposeA: true,
        }),
      { message: "Cannot multiply matrices: aᵀ is 3x2 but b is 3x3" },
    );
  });
});
