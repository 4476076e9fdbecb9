import assert from "node:assert/strict";
import { crc32 } from "./mod.ts";

Deno.test("crc32()", async (t) => {
  const text = (s: string) => new TextEncoder().encode(s);
  await t.step("matches the standard check values", () => {
    assert.equal(crc32(new Uint8Array(0)), 0);
    assert.equal(crc32(text("123456789")), 0xcbf43926);
    assert.equal(crc32(text("The quick brown fox jumps over the lazy dog")), 0x414fa339);
  });
  await t.step("is unsigned for every input", () => {
    for (let n = 0; n < 300; n++) {
      const crc = crc32(Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      assert.ok(Number.isInteger(crc) && crc >= 0 && crc <= 0xffffffff);
    }
  });
  await t.step("continues over pieces: crc32(b, crc32(a)) = crc32(a + b)", () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
    for (const cut of [0, 1, 500, 999, 1000]) {
      assert.equal(crc32(bytes.subarray(cut), crc32(bytes.subarray(0, cut))), crc32(bytes));
    }
  });
  await t.step("agrees with gzip's trailer", async () => {
    const bytes = text("simple-mnist ".repeat(100));
    const gzip = new Uint8Array(
      await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")))
        .arrayBuffer(),
    );
    const view = new DataView(gzip.buffer);
    assert.equal(crc32(bytes), view.getUint32(gzip.length - 8, true));
  });
});
