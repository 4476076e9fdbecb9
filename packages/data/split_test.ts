import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { type Dataset, limitRows, selectRows, splitDev } from "./mod.ts";

const set: Dataset = {
  count: 100,
  features: 2,
  width: 2,
  height: 1,
  pixels: Uint8Array.from({ length: 200 }, (_, e) => Math.floor(e / 2)),
  labels: Uint8Array.from({ length: 100 }, (_, j) => j % 10),
  source: "s",
};

Deno.test("splitDev()", async (t) => {
  await t.step("holds out devSize rows and keeps images with their labels", () => {
    const { train, dev } = splitDev(set, 10, seededPrng(0));
    assert.deepEqual([train.count, dev.count], [90, 10]);
    for (const part of [train, dev]) {
      for (let j = 0; j < part.count; j++) {
        assert.equal(part.pixels[2 * j] % 10, part.labels![j]);
        assert.equal(part.pixels[2 * j], part.pixels[2 * j + 1]);
      }
    }
    const all = [
      ...train.pixels.filter((_, e) => e % 2 === 0),
      ...dev.pixels.filter((_, e) => e % 2 === 0),
    ];
    assert.deepEqual(all.sort((a, b) => a - b), [...Array(100).keys()]);
  });
  await t.step("is reproducible from the seed, and shuffles", () => {
    const a = splitDev(set, 10, seededPrng(3));
    const b = splitDev(set, 10, seededPrng(3));
    const c = splitDev(set, 10, seededPrng(4));
    assert.deepEqual(a.dev.pixels, b.dev.pixels);
    assert.notDeepEqual(a.dev.pixels, c.dev.pixels);
    assert.notDeepEqual([...a.dev.pixels], [...set.pixels.subarray(0, 20)]);
  });
  await t.step("allows no dev rows but refuses leaving no training rows", () => {
    assert.equal(splitDev(set, 0, seededPrng(0)).train.count, 100);
    assert.throws(() => splitDev(set, 100, seededPrng(0)), RangeError);
    assert.throws(() => splitDev(set, -1, seededPrng(0)), RangeError);
  });
});

Deno.test("limitRows()", async (t) => {
  await t.step("keeps the first rows as views", () => {
    const small = limitRows(set, 5);
    assert.equal(small.count, 5);
    assert.deepEqual([...small.labels!], [0, 1, 2, 3, 4]);
    assert.equal(small.pixels.buffer, set.pixels.buffer);
  });
  await t.step("keeps everything above the count, refuses non-positive", () => {
    assert.equal(limitRows(set, 1000), set);
    assert.throws(() => limitRows(set, 0), RangeError);
  });
});

Deno.test("selectRows()", async (t) => {
  await t.step("copies the chosen rows in order", () => {
    const picked = selectRows(set, [9, 3]);
    assert.deepEqual([...picked.pixels], [9, 9, 3, 3]);
    assert.deepEqual([...picked.labels!], [9, 3]);
  });
});
