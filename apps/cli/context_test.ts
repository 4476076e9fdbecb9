import assert from "node:assert/strict";
import { jsonNumber } from "./context.ts";

Deno.test("jsonNumber()", async (t) => {
  await t.step("keeps finite numbers and turns the rest into null", () => {
    assert.equal(jsonNumber(0.5), 0.5);
    assert.equal(jsonNumber(Number.NaN), null);
    assert.equal(jsonNumber(Infinity), null);
  });
});
