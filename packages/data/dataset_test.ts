import assert from "node:assert/strict";
import { DataError } from "./dataset.ts";

Deno.test("DataError", async (t) => {
  await t.step("names file, line and column", () => {
    const error = new DataError("a.csv", "bad", { line: 4, column: 2 });
    assert.equal(error.message, "a.csv:4: column 2: bad");
    assert.equal(error.name, "DataError");
    assert.equal(error.line, 4);
  });
  await t.step("omits what it does not know", () => {
    assert.equal(new DataError("a.idx", "bad").message, "a.idx: bad");
    assert.equal(new DataError("a.csv", "bad", { line: 1 }).message, "a.csv:1: bad");
  });
});
