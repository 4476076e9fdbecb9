import assert from "node:assert/strict";
import { renderDigit, renderDigitsSideBySide } from "./render_digit.ts";

Deno.test("renderDigit()", async (t) => {
  await t.step("draws each pixel twice wide with a shade for its grey level", () => {
    const drawing = renderDigit(Uint8Array.of(0, 40, 100, 255), 2, 2);
    assert.equal(drawing, ["┌────┐", "│  ░░│", "│▒▒██│", "└────┘"].join("\n"));
  });
});

Deno.test("renderDigitsSideBySide()", async (t) => {
  await t.step("puts framed panels in a row under their captions", () => {
    const drawing = renderDigitsSideBySide(
      [Uint8Array.of(0, 255), Uint8Array.of(255, 0)],
      ["a", "bcdef"],
      2,
      1,
    );
    assert.equal(drawing, ["a     bcde", "┌──┐  ┌──┐", "│ █│  │█ │", "└──┘  └──┘"].join("\n"));
  });
});
