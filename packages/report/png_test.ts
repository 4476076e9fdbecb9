import assert from "node:assert/strict";
import { encodePng, pngDataUri } from "./png.ts";

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Splits a PNG into its chunks, checking each chunk's CRC against an independent bitwise CRC-32. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const crc = (bytes: Uint8Array) => {
    let c = ~0;
    for (const b of bytes) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    assert.equal(view.getUint32(at + 8 + length), crc(png.subarray(at + 4, at + 8 + length)), type);
    out.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

Deno.test("encodePng()", async (t) => {
  await t.step("writes the signature, IHDR, IDAT and IEND with valid CRCs", async () => {
    const png = await encodePng({ width: 3, height: 2, channels: 3, data: new Uint8Array(18) });
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.deepEqual(chunks(png).map((c) => c.type), ["IHDR", "IDAT", "IEND"]);
  });

  await t.step("IHDR holds the size, 8 bits and the color type of each channel count", async () => {
    for (const [channels, colorType] of [[1, 0], [3, 2], [4, 6]] as const) {
      const data = new Uint8Array(5 * 7 * channels);
      const [header] = chunks(await encodePng({ width: 5, height: 7, channels, data }));
      const view = new DataView(header.data.buffer, header.data.byteOffset);
      assert.deepEqual([view.getUint32(0), view.getUint32(4)], [5, 7]);
      assert.deepEqual([header.data[8], header.data[9]], [8, colorType]);
    }
  });

  await t.step("IDAT inflates to each row behind a filter byte 0", async () => {
    const data = Uint8Array.of(1, 2, 3, 4, 5, 6);
    const idat = chunks(await encodePng({ width: 3, height: 2, channels: 1, data }))[1];
    assert.deepEqual([...await inflate(idat.data)], [0, 1, 2, 3, 0, 4, 5, 6]);
  });

  await t.step("a data URI carries the same bytes", async () => {
    const image = {
      width: 2,
      height: 2,
      channels: 1 as const,
      data: Uint8Array.of(0, 64, 128, 255),
    };
    const uri = await pngDataUri(image);
    const bytes = Uint8Array.from(atob(uri.split(",")[1]), (c) => c.charCodeAt(0));
    assert.deepEqual(bytes, await encodePng(image));
  });

  await t.step("rejects a wrong byte count and an empty image", async () => {
    await assert.rejects(
      encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(4) }),
      TypeError,
    );
    await assert.rejects(
      encodePng({ width: 0, height: 2, channels: 1, data: new Uint8Array(0) }),
      RangeError,
    );
  });
});
