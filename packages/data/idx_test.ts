import assert from "node:assert/strict";
import {
  DataError,
  gunzip,
  IDX_MAX_BYTES,
  isGzip,
  parseIdx,
  readIdxFile,
  readIdxStream,
} from "./mod.ts";
import {
  chunked,
  counted,
  gzip,
  idxImages,
  idxLabels,
  inflatingGzip,
  makeFifo,
  zerosAfter,
} from "./_test_fixtures.ts";

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
  await t.step("stops once the output passes its limit", async () => {
    const zipped = await inflatingGzip(1, 64 << 20);
    await assert.rejects(gunzip(zipped, "b.gz", { limit: 1 << 20 }), {
      message: "b.gz: the gzip data inflates past 1 MiB",
    });
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

Deno.test("readIdxStream()", async (t) => {
  const declared = 16 + 1000 * 28 * 28; // 784,016 bytes
  const header = idxImages(1000, 28, 28).slice(0, 16);
  await t.step("gives what parseIdx gives, whatever the chunks, plain or gzip", async () => {
    const bytes = idxImages(5, 3, 4);
    for (const size of [1, 3, 16, 17, 1000]) {
      assert.deepEqual(await readIdxStream(chunked(bytes, size), "x"), parseIdx(bytes, "x"));
      const zipped = chunked(await gzip(bytes), size);
      assert.deepEqual(await readIdxStream(zipped, "x.gz"), parseIdx(bytes, "x"));
    }
  });
  await t.step("refuses a truncated stream as parseIdx does", async () => {
    const bytes = idxImages(3, 2, 2);
    for (const cut of [0, 2, 10, bytes.length - 1]) {
      let expected = "";
      try {
        parseIdx(bytes.subarray(0, cut), "x");
      } catch (error) {
        expected = (error as Error).message;
      }
      assert.match(expected, /truncated IDX file/);
      await assert.rejects(readIdxStream(chunked(bytes.subarray(0, cut), 3), "x"), {
        message: expected,
      });
    }
  });
  await t.step("refuses a header that declares more than IDX_MAX_BYTES, at once", async () => {
    const huge: Uint8Array<ArrayBuffer> = Uint8Array.of(
      0,
      0,
      8,
      3,
      0,
      1,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      0,
      1,
      0,
    ); // 65536^3
    const { stream, state } = zerosAfter(huge, Infinity);
    await assert.rejects(readIdxStream(stream, "h"), {
      message:
        "h: header says 65536x65536x256 (1099511627792 bytes), more than the 2 GiB an IDX file may hold",
    });
    assert.equal(state.pulled, 1);
    assert.equal(IDX_MAX_BYTES, 2 ** 31);
  });
  await t.step("stops an endless plain stream one chunk past the declared size", async () => {
    const { stream, state } = zerosAfter(header, Infinity);
    await assert.rejects(readIdxStream(stream, "endless"), {
      message:
        "endless: oversized IDX file: header says 1000x28x28 (784016 bytes) but the file goes on past them",
    });
    assert.ok(state.bytes <= declared + (1 << 16), `read ${state.bytes} bytes`);
  });
  await t.step(
    "stops inflating a gzip stream once the output passes the declared size",
    async () => {
      // 256 MiB of zeros after the header: about 250 KiB of gzip.
      const zipped = await inflatingGzip(1000, 256 << 20);
      assert.ok(zipped.length > 200_000, `${zipped.length} bytes of gzip`);
      const input = counted(chunked(zipped, 1 << 16));
      await assert.rejects(readIdxStream(input.stream, "bomb.gz"), /oversized IDX file/);
      // Reading stops within a few input chunks, long before the end of the file.
      assert.ok(
        input.state.bytes <= 3 << 16,
        `read ${input.state.bytes} of ${zipped.length} bytes`,
      );
    },
  );
  await t.step("names corrupt gzip data", async () => {
    const zipped = await gzip(idxImages(10, 28, 28));
    for (let e = 20; e < 60; e++) zipped[e] ^= 0xff;
    await assert.rejects(
      readIdxStream(chunked(zipped, 100), "c.gz"),
      /^DataError: c\.gz: corrupt gzip data/,
    );
  });
});

Deno.test("readIdxFile() bounds", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step(
    "refuses a 2 GiB file whose header declares 766 KiB, reading one chunk past it",
    async () => {
      const file = await Deno.open(`${dir}/sparse`, { write: true, createNew: true });
      await file.write(idxImages(1000, 28, 28).subarray(0, 16));
      await file.truncate(2 ** 31 + 16); // sparse: nothing on disk
      file.close();
      const start = performance.now();
      await assert.rejects(
        readIdxFile(`${dir}/sparse`),
        /oversized IDX file: header says 1000x28x28/,
      );
      assert.ok(performance.now() - start < 1000);
    },
  );
  await t.step(
    "refuses a gzip file that inflates past its header, and memory stays small",
    async () => {
      await Deno.writeFile(`${dir}/bomb.gz`, await inflatingGzip(1000, 1 << 30));
      const before = Deno.memoryUsage().rss;
      const start = performance.now();
      await assert.rejects(readIdxFile(`${dir}/bomb.gz`), /bomb\.gz: oversized IDX file/);
      assert.ok(performance.now() - start < 1000);
      assert.ok(Deno.memoryUsage().rss - before < 300e6);
    },
  );
  await t.step("refuses a folder, /dev/zero and a FIFO by name, at once", async () => {
    await assert.rejects(readIdxFile(dir), { message: `Cannot read ${dir}: it is a folder` });
    await assert.rejects(readIdxFile("/dev/zero"), {
      message: "Cannot read /dev/zero: it is a device, not a file",
    });
    const made = await makeFifo();
    if (made === undefined) return console.log("no mkfifo here: FIFO case skipped");
    await assert.rejects(readIdxFile(made.fifo), /it is a named pipe \(FIFO\), not a file/);
    await Deno.remove(made.dir, { recursive: true });
  });
  await Deno.remove(dir, { recursive: true });
});
