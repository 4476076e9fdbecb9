import assert from "node:assert/strict";
import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
import { gradientCheck } from "./mod.ts";
import { testBackends } from "./_test_backends.ts";

for (const backend of testBackends()) {
  Deno.test(`gradientCheck() on ${backend.name}`, async (t) => {
    await t.step("passes the real backward pass within 1e-2 in float32", async () => {
      const result = await gradientCheck(backend);
      assert.equal(result.checked, 6 * 5 + 5 + 5 * 4 + 4);
      assert.ok(result.maxRelativeError <= 1e-2, `${result.maxRelativeError} at ${result.worst}`);
    });
  });
}

/** A JsBackend whose ReLU′ mask lets the gradient through where z ≤ 0 too. */
class LeakyMaskBackend extends JsBackend {
  override reluMask(grad: JsTensor, _z: JsTensor, out: JsTensor): void {
    out.data.set(grad.data);
  }
}

/** A JsBackend that forgets the 1/m of the bias gradients. */
class UnscaledBiasBackend extends JsBackend {
  override rowSum(x: JsTensor, out: JsTensor): void {
    super.rowSum(x, out, 1);
  }
}

Deno.test("gradientCheck() catches wrong gradients", async (t) => {
  await t.step("a ReLU′ that masks nothing", async () => {
    const { maxRelativeError } = await gradientCheck(new LeakyMaskBackend());
    assert.ok(maxRelativeError > 0.1, `only ${maxRelativeError}`);
  });
  await t.step("bias gradients without 1/m", async () => {
    const { maxRelativeError, worst } = await gradientCheck(new UnscaledBiasBackend());
    assert.ok(maxRelativeError > 0.1, `only ${maxRelativeError}`);
    assert.match(worst, /^b[12]\[/);
  });
});
