import assert from "node:assert/strict";
import { renderDigit } from "./render_digit.ts";

Deno.test("renderDigit()", async (t) => {
  await t.step("draws each pixel twice wide with a shade for its grey level", () => {
    const drawing = renderDigit(Uint8Array.of(0, 40, 100, 255), 2, 2);
    assert.equal(drawing, ["┌────┐", "│  ░░│", "│▒▒██│", "└────┘"].join("\n"));
  });
});
