import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { MAX_SHIFT, randomShift, shiftImage } from "./mod.ts";

Deno.test("shiftImage()", async (t) => {
  const image = Uint8Array.from({ length: 9 }, (_, i) => i + 1); // 3x3
  await t.step("moves right and down, filling with 0", () => {
    const out = new Uint8Array(9);
    shiftImage(image, out, 3, 3, 1, 1);
    assert.deepEqual([...out], [0, 0, 0, 0, 1, 2, 0, 4, 5]);
  });
  await t.step("moves left and up", () => {
    const out = new Uint8Array(9);
    shiftImage(image, out, 3, 3, -2, -1);
    assert.deepEqual([...out], [6, 0, 0, 9, 0, 0, 0, 0, 0]);
  });
  await t.step("a shift past the edge leaves nothing", () => {
    const out = new Uint8Array(9).fill(7);
    shiftImage(image, out, 3, 3, 3, 0);
    assert.ok(out.every((v) => v === 0));
  });
});

Deno.test("randomShift()", async (t) => {
  await t.step("draws every offset within ±2 and no other, from the seed", () => {
    const image = new Uint8Array(28 * 28);
    image[14 * 28 + 14] = 255;
    const out = new Uint8Array(28 * 28);
    const seen = new Set<string>();
    const prng = seededPrng(5);
    for (let i = 0; i < 500; i++) {
      randomShift(image, out, 28, 28, prng);
      const at = out.indexOf(255);
      seen.add(`${(at % 28) - 14},${Math.floor(at / 28) - 14}`);
    }
    assert.equal(seen.size, (2 * MAX_SHIFT + 1) ** 2);
    for (const offset of seen) {
      assert.ok(offset.split(",").every((d) => Math.abs(Number(d)) <= MAX_SHIFT));
    }
  });
});
