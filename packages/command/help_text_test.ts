import assert from "node:assert/strict";
import { boolean, choice, count, helpText, text } from "./mod.ts";

Deno.test("helpText()", async (t) => {
  await t.step("lists every flag with its default and choices", () => {
    const text_ = helpText("deno task x", "Does x.", {
      hidden: count({ description: "hidden units", default: 10 }),
      init: choice(["uniform", "he"], { description: "init", default: "uniform" }),
      data: text({ description: "data", shown: "the bundled MNIST" }),
      json: boolean({ description: "JSON" }),
    });
    assert.match(text_, /^Usage: deno task x\n\nDoes x\.\n\nFlags:\n/);
    assert.match(text_, /--hidden N\s+hidden units \[default: 10\]/);
    assert.match(text_, /--init NAME\s+init \(uniform\|he\) \[default: uniform\]/);
    assert.match(text_, /--data PATH\s+data \[default: the bundled MNIST\]/);
    assert.match(text_, /--json\s+JSON\n/);
    assert.match(text_, /--help\s+show this help$/);
  });
});
