import assert from "node:assert/strict";
import { boolean, choice, count, counts, number, text } from "./mod.ts";

Deno.test("flag constructors", async (t) => {
  await t.step("give help placeholders by kind", () => {
    const placeholders = [
      text({ description: "d" }),
      count({ description: "d" }),
      number({ description: "d" }),
      counts({ description: "d" }),
    ].map((flag) => flag.value);
    assert.deepEqual(placeholders, ["PATH", "N", "X", "LIST"]);
    assert.equal(choice(["a"], { description: "d" }).value, "NAME");
    assert.equal(boolean({ description: "d" }).takesValue, false);
  });
  await t.step("check ranges", () => {
    assert.equal(number({ description: "d", allowZero: true }).parse("0", "--x"), 0);
    assert.throws(() => number({ description: "d", below: 1 }).parse("0", "--x"), /in \(0, 1\)/);
    assert.throws(() => count({ description: "d", max: 9 }).parse("10", "--x"), /at most 9/);
  });
});
