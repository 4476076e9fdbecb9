import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { foldSplit, stratifiedFolds } from "./mod.ts";

function labelled(labels: number[]) {
  return {
    count: labels.length,
    features: 1,
    width: 1,
    height: 1,
    pixels: Uint8Array.from(labels, (_, j) => j),
    labels: Uint8Array.from(labels),
    source: "set.csv",
  };
}

Deno.test("stratifiedFolds()", async (t) => {
  // 10 classes of unequal sizes: class c has 10 + 3c rows.
  const labels = Array.from({ length: 10 }, (_, c) => Array(10 + 3 * c).fill(c)).flat();
  const set = labelled(labels);
  const assignment = stratifiedFolds(set, 5, seededPrng(1));
  await t.step("keeps each class's share in every fold", () => {
    for (let c = 0; c < 10; c++) {
      for (let k = 0; k < 5; k++) {
        const inFold = labels.filter((l, j) => l === c && assignment[j] === k).length;
        assert.ok(Math.abs(inFold - (10 + 3 * c) / 5) <= 1, `class ${c} fold ${k}: ${inFold}`);
      }
    }
  });
  await t.step("gives folds whose sizes differ by at most one", () => {
    const sizes = Array.from({ length: 5 }, (_, k) => assignment.filter((f) => f === k).length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, sizes.join());
  });
  await t.step("is reproducible from the seed, and another seed deals otherwise", () => {
    assert.deepEqual(stratifiedFolds(set, 5, seededPrng(1)), assignment);
    assert.notDeepEqual(stratifiedFolds(set, 5, seededPrng(2)), assignment);
  });
  await t.step("refuses fewer than 2 folds, more folds than rows, and no labels", () => {
    assert.throws(() => stratifiedFolds(set, 1, seededPrng(0)), /at least 2/);
    assert.throws(() => stratifiedFolds(set, 0, seededPrng(0)), /at least 2/);
    assert.throws(() => stratifiedFolds(labelled([1, 2]), 3, seededPrng(0)), /only 2 rows/);
    assert.throws(
      () => stratifiedFolds({ ...set, labels: undefined }, 2, seededPrng(0)),
      /no labels/,
    );
  });
});

Deno.test("foldSplit()", async (t) => {
  await t.step("holds out exactly fold k, and the folds cover every row once", () => {
    const set = labelled(Array.from({ length: 23 }, (_, j) => j % 4));
    const assignment = stratifiedFolds(set, 4, seededPrng(3));
    const seen: number[] = [];
    for (let k = 0; k < 4; k++) {
      const { train, dev } = foldSplit(set, assignment, k);
      assert.equal(train.count + dev.count, 23);
      seen.push(...dev.pixels);
    }
    assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: 23 }, (_, j) => j));
  });
});
