import assert from "node:assert/strict";
import { digitMetrics } from "./digit_metrics.ts";

Deno.test("digitMetrics()", async (t) => {
  await t.step("F1 is the harmonic mean of precision and recall", () => {
    // Digit 0: 6 right, 2 missed, 3 others called 0 → precision 2/3, recall 3/4.
    const [zero] = digitMetrics([[6, 2], [3, 5]]);
    assert.equal(zero.precision, 6 / 9);
    assert.equal(zero.recall, 6 / 8);
    assert.ok(Math.abs(zero.f1 - (2 * (6 / 9) * (6 / 8)) / (6 / 9 + 6 / 8)) < 1e-12);
    assert.equal(zero.support, 8);
  });

  await t.step("0 when a digit is never right, NaN when it is never predicted or absent", () => {
    const [zero, one, two] = digitMetrics([[0, 2, 0], [1, 1, 0], [0, 0, 0]]);
    assert.equal(zero.f1, 0);
    assert.equal(one.f1, 2 * (1 / 3) * 0.5 / (1 / 3 + 0.5));
    assert.ok(Number.isNaN(two.precision) && Number.isNaN(two.recall) && Number.isNaN(two.f1));
  });
});
