import assert from "node:assert/strict";
import { DataError, gunzip, isGzip, parseIdx, readIdxFile } from "./mod.ts";
import { gzip, idxImages, idxLabels } from "./_test_fixtures.ts";

Deno.test("parseIdx()", async (t) => {
  await t.step("reads images and labels with big-endian sizes", () => {
    const images = parseIdx(idxImages(3, 2, 4), "i");
    assert.equal(images.magic, 2051);
    assert.deepEqual(images.dimensions, [3, 2, 4]);
    assert.equal(images.data.length, 24);
    const labels = parseIdx(idxLabels([1, 2, 3]), "l");
    assert.deepEqual([labels.magic, ...labels.dimensions, ...labels.data], [2049, 3, 1, 2, 3]);
  });
  await t.step("refuses a wrong magic number", () => {
    assert.throws(() => parseIdx(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), "x"), {
      name: "DataError",
      message:
        "x: not an MNIST IDX file: magic number 16909060 (0x01020304); expected 2051 (images) or 2049 (labels)",
    });
  });
  await t.step("refuses truncated and oversized files", () => {
    const full = idxImages(3, 2, 2);
    assert.throws(
      () => parseIdx(full.subarray(0, full.length - 1), "x"),
      /^DataError: x: truncated IDX file: header says 3x2x2 \(28 bytes\) but the file has 27 bytes$/,
    );
    assert.throws(
      () => parseIdx(full.subarray(0, 10), "x"),
      /truncated IDX file: 10 bytes, header needs 16/,
    );
    assert.throws(() => parseIdx(full.subarray(0, 2), "x"), /truncated IDX file: 2 bytes/);
    const longer = new Uint8Array(full.length + 1);
    longer.set(full);
    assert.throws(() => parseIdx(longer, "x"), /oversized IDX file/);
  });
});

Deno.test("gunzip() and isGzip()", async (t) => {
  await t.step("round-trips with CompressionStream", async () => {
    const zipped = await gzip(idxLabels([4]));
    assert.ok(isGzip(zipped));
    assert.deepEqual(await gunzip(zipped, "x.gz"), idxLabels([4]));
  });
  await t.step("refuses corrupt and truncated gzip", async () => {
    const zipped = await gzip(idxImages(10, 28, 28));
    const corrupt = zipped.slice();
    for (let e = 20; e < 60; e++) corrupt[e] ^= 0xff;
    await assert.rejects(
      gunzip(corrupt, "c.gz"),
      (e: unknown) => e instanceof DataError && e.message.startsWith("c.gz: corrupt gzip data"),
    );
    await assert.rejects(
      gunzip(zipped.subarray(0, zipped.length / 2), "t.gz"),
      /t\.gz: corrupt gzip data/,
    );
  });
});

Deno.test("readIdxFile()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("reads plain and gzip files alike", async () => {
    await Deno.writeFile(`${dir}/a`, idxLabels([7, 8]));
    await Deno.writeFile(`${dir}/a.gz`, await gzip(idxLabels([7, 8])));
    assert.deepEqual(await readIdxFile(`${dir}/a`), await readIdxFile(`${dir}/a.gz`));
  });
  await Deno.remove(dir, { recursive: true });
});
