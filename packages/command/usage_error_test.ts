import assert from "node:assert/strict";
import { EXIT_FAILURE, EXIT_USAGE, reportError, UsageError } from "./mod.ts";

Deno.test("reportError()", async (t) => {
  await t.step("prints one line and picks the exit status", () => {
    const lines: string[] = [];
    assert.equal(reportError(new UsageError("bad flag"), (l) => lines.push(l)), EXIT_USAGE);
    assert.equal(reportError(new TypeError("two\nlines"), (l) => lines.push(l)), EXIT_FAILURE);
    assert.equal(reportError("a string", (l) => lines.push(l)), EXIT_FAILURE);
    assert.deepEqual(lines, ["error: bad flag", "error: two", "error: a string"]);
  });
});
