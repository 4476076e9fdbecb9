import assert from "node:assert/strict";
import { JsTensor } from "./js_tensor.ts";

Deno.test("JsTensor", async (t) => {
  await t.step("wraps its array without copying", () => {
    const data = new Float32Array(6);
    const tensor = new JsTensor(2, 3, data);
    assert.equal(tensor.data, data);
    assert.equal(tensor.rows, 2);
    assert.equal(tensor.cols, 3);
    assert.equal(tensor.disposed, false);
  });
});
