import assert from "node:assert/strict";
import { formatBytes } from "./mod.ts";

Deno.test("formatBytes()", async (t) => {
  await t.step("counts bytes below 1 KiB", () => {
    assert.equal(formatBytes(0), "0 bytes");
    assert.equal(formatBytes(1), "1 byte");
    assert.equal(formatBytes(1023), "1023 bytes");
  });
  await t.step("uses powers of 1024 with three significant digits", () => {
    assert.equal(formatBytes(1024), "1 KiB");
    assert.equal(formatBytes(64 * 1024), "64 KiB");
    assert.equal(formatBytes(47_040_016), "44.9 MiB");
    assert.equal(formatBytes(2 ** 31), "2 GiB");
    assert.equal(formatBytes(1.5 * 2 ** 30), "1.5 GiB");
    assert.equal(formatBytes(2 ** 50), "1024 TiB");
  });
});
