import assert from "node:assert/strict";
import { expectDimensions, expectSameShape, expectShape, labelAt } from "./checks.ts";

Deno.test("expectShape()", async (t) => {
  await t.step("accepts the expected shape", () => {
    expectShape("Cannot x", "out", { rows: 1, cols: 1 }, 1, 1);
  });
  await t.step("names the argument and both shapes", () => {
    assert.throws(() => expectShape("Cannot x", "bias", { rows: 4, cols: 1 }, 3, 1), {
      name: "TypeError",
      message: "Cannot x: bias is 4x1 but must be 3x1",
    });
  });
});

Deno.test("expectSameShape()", async (t) => {
  await t.step("accepts equal shapes", () => {
    expectSameShape("Cannot x", { rows: 2, cols: 5 }, { rows: 2, cols: 5 });
  });
  await t.step("uses the given names", () => {
    assert.throws(
      () => expectSameShape("Cannot x", { rows: 1, cols: 2 }, { rows: 2, cols: 1 }, ["z", "out"]),
      { name: "TypeError", message: "Cannot x: z is 1x2 but out is 2x1" },
    );
  });
});

Deno.test("expectDimensions()", async (t) => {
  await t.step("accepts positive integers", () => expectDimensions(1, 41000));
  await t.step("refuses zero, negatives, fractions, NaN and Infinity", () => {
    for (const [rows, cols] of [[0, 1], [1, -2], [0.5, 1], [Number.NaN, 1], [Infinity, 1]]) {
      assert.throws(() => expectDimensions(rows, cols), RangeError);
    }
  });
});

Deno.test("labelAt()", async (t) => {
  await t.step("returns an in-range integer label", () => assert.equal(labelAt(9, 0, 10), 9));
  await t.step("refuses negatives, fractions, NaN and labels ≥ classes", () => {
    for (const bad of [-1, 0.5, Number.NaN, 10]) {
      assert.throws(() => labelAt(bad, 0, 10), RangeError);
    }
  });
});
