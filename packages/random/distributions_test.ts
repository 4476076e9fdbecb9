import assert from "node:assert/strict";
import { normal, seededPrng, shuffle, uniform } from "./mod.ts";

Deno.test("uniform()", async (t) => {
  await t.step("stays within [low, high)", () => {
    const prng = seededPrng(5);
    for (let i = 0; i < 1000; i++) {
      const x = uniform(prng, -0.5, 0.5);
      assert.ok(x >= -0.5 && x < 0.5);
    }
  });
});

Deno.test("normal()", async (t) => {
  await t.step("has the requested mean and standard deviation", () => {
    const prng = seededPrng(11);
    const n = 50_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = normal(prng, 2, 3);
      sum += x;
      squares += x * x;
    }
    const mean = sum / n;
    const std = Math.sqrt(squares / n - mean * mean);
    assert.ok(Math.abs(mean - 2) < 0.05, `mean ${mean}`);
    assert.ok(Math.abs(std - 3) < 0.05, `std ${std}`);
  });
});

Deno.test("shuffle()", async (t) => {
  await t.step("keeps every element", () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = shuffle([...values], seededPrng(1));
    assert.deepEqual([...shuffled].sort((a, b) => a - b), values);
    assert.notDeepEqual(shuffled, values);
  });
  await t.step("works on typed arrays and is reproducible", () => {
    const a = shuffle(Uint32Array.from([0, 1, 2, 3, 4, 5]), seededPrng(4));
    const b = shuffle(Uint32Array.from([0, 1, 2, 3, 4, 5]), seededPrng(4));
    assert.deepEqual(a, b);
  });
  await t.step("leaves empty and one-element arrays alone", () => {
    assert.deepEqual(shuffle([], seededPrng(1)), []);
    assert.deepEqual(shuffle([7], seededPrng(1)), [7]);
  });
});
