import assert from "node:assert/strict";
import { numberProblem } from "./number_field.ts";

Deno.test("numberProblem()", async (t) => {
  const epochs = { name: "Epochs", min: 1, max: 1000, step: 1 };
  const says = (value: string) => `Epochs must be a whole number from 1 to 1000, got ${value}`;

  await t.step("allows whole numbers in range, the limits included", () => {
    for (const value of ["1", "3", "1000", " 7 "]) {
      assert.equal(numberProblem(value, epochs), undefined);
    }
  });

  await t.step("refuses zero, negatives, too many, fractions and text, saying what it got", () => {
    for (const value of ["0", "-2", "1001", "1.5", "abc", "Infinity", "NaN"]) {
      assert.equal(numberProblem(value, epochs), says(value), value);
    }
    assert.equal(numberProblem("", epochs), says("nothing"));
  });

  await t.step("without a whole-number step, fractions in range are allowed", () => {
    const rate = { name: "Dropout", min: 0, max: 0.9 };
    assert.equal(numberProblem("0.25", rate), undefined);
    assert.equal(numberProblem("1", rate), "Dropout must be a number from 0 to 0.9, got 1");
  });
});
