import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { ElasticDistortion } from "./mod.ts";

/** A 28x28 image of vertical stripes, so that any horizontal move shows. */
const stripes = Uint8Array.from({ length: 784 }, (_, p) => ((p % 28) % 4 < 2 ? 255 : 0));

Deno.test("ElasticDistortion", async (t) => {
  await t.step("is reproducible from the seed, and varies image to image", () => {
    const [a, b] = [new ElasticDistortion(seededPrng(3)), new ElasticDistortion(seededPrng(3))];
    const [outA, outB, again] = [new Uint8Array(784), new Uint8Array(784), new Uint8Array(784)];
    a.apply(stripes, outA);
    b.apply(stripes, outB);
    assert.deepEqual(outA, outB);
    a.apply(stripes, again);
    assert.notDeepEqual(again, outA);
  });
  await t.step("moves pixels by a few pixels, as σ = 4, α = 34 do", () => {
    const elastic = new ElasticDistortion(seededPrng(4));
    const out = new Uint8Array(784);
    let changed = 0;
    for (let i = 0; i < 50; i++) {
      elastic.apply(stripes, out);
      changed += out.reduce((n, v, p) => n + (Math.abs(v - stripes[p]) > 64 ? 1 : 0), 0);
    }
    // Smoothed U[−1, 1] noise at σ = 4 has a standard deviation of about
    // 0.58/(2·√π·4) ≈ 0.04; times 34 that is ~1.4 px: many stripe pixels change.
    const fraction = changed / (50 * 784);
    assert.ok(fraction > 0.15 && fraction < 0.8, `fraction changed ${fraction}`);
  });
  await t.step("leaves a flat image flat away from the border, and stays in 0–255", () => {
    const elastic = new ElasticDistortion(seededPrng(5), { bankSize: 16 });
    const flat = new Uint8Array(784).fill(180);
    const out = new Uint8Array(784);
    for (let i = 0; i < 20; i++) {
      elastic.apply(flat, out);
      for (let y = 8; y < 20; y++) for (let x = 8; x < 20; x++) assert.equal(out[y * 28 + x], 180);
    }
  });
  await t.step("refuses bad options", () => {
    assert.throws(() => new ElasticDistortion(seededPrng(0), { sigma: 0 }), RangeError);
    assert.throws(() => new ElasticDistortion(seededPrng(0), { bankSize: 0 }), RangeError);
  });
});
