import assert from "node:assert/strict";
import { shapeOf } from "./tensor.ts";

Deno.test("shapeOf()", async (t) => {
  await t.step("formats rows x cols", () => {
    assert.equal(shapeOf({ rows: 10, cols: 41000 }), "10x41000");
    assert.equal(shapeOf({ rows: 1, cols: 1 }), "1x1");
  });
});
