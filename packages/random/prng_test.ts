import assert from "node:assert/strict";
import { seededPrng } from "./prng.ts";

Deno.test("seededPrng()", async (t) => {
  await t.step("repeats its sequence for the same seed", () => {
    const a = seededPrng(123);
    const b = seededPrng(123);
    for (let i = 0; i < 100; i++) assert.equal(a(), b());
  });
  await t.step("differs between seeds", () => {
    assert.notEqual(seededPrng(1)(), seededPrng(2)());
  });
  await t.step("stays in [0, 1) and spreads evenly", () => {
    const prng = seededPrng(9);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = prng();
      assert.ok(x >= 0 && x < 1);
      buckets[Math.floor(x * 10)]++;
    }
    for (const count of buckets) assert.ok(Math.abs(count - 10_000) < 500, `bucket ${count}`);
  });
  await t.step("refuses a non-integer seed", () => {
    assert.throws(() => seededPrng(1.5), TypeError);
  });
});
