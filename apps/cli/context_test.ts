import assert from "node:assert/strict";
import { fixed, jsonNumber } from "./context.ts";

Deno.test("fixed()", async (t) => {
  await t.step("rounds, and says n/a for NaN", () => {
    assert.equal(fixed(0.84237), "0.842");
    assert.equal(fixed(1.5, 1), "1.5");
    assert.equal(fixed(Number.NaN), "n/a");
  });
});

Deno.test("jsonNumber()", async (t) => {
  await t.step("keeps finite numbers and turns the rest into null", () => {
    assert.equal(jsonNumber(0.5), 0.5);
    assert.equal(jsonNumber(Number.NaN), null);
    assert.equal(jsonNumber(Infinity), null);
  });
});
