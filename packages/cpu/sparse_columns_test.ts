import assert from "node:assert/strict";
import { sparseColumns } from "./sparse_columns.ts";

Deno.test("sparseColumns()", async (t) => {
  await t.step("indexes each column's nonzeros, rows ascending", () => {
    // [[0, 1, 0],
    //  [2, 0, 0],
    //  [3, 4, 0]]
    const s = sparseColumns(Float32Array.of(0, 1, 0, 2, 0, 0, 3, 4, 0, 0, 0, 0), 4, 3)!;
    assert.deepEqual([...s.columnStart], [0, 2, 4, 4]);
    assert.deepEqual([...s.rowIndex], [1, 2, 0, 2]);
    assert.deepEqual([...s.values], [2, 3, 1, 4]);
  });
  await t.step("refuses a matrix with more than half nonzero", () => {
    assert.equal(sparseColumns(Float32Array.of(1, 2, 0), 1, 3), undefined);
  });
  await t.step("indexes an all-zero and an empty matrix", () => {
    assert.deepEqual([...sparseColumns(new Float32Array(6), 2, 3)!.columnStart], [0, 0, 0, 0]);
    assert.deepEqual([...sparseColumns(new Float32Array(0), 0, 0)!.columnStart], [0]);
  });
  await t.step("refuses more than 65,536 rows", () => {
    assert.equal(sparseColumns(new Float32Array(0x10001), 0x10001, 1), undefined);
  });
});
