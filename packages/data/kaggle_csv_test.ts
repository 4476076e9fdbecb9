import assert from "node:assert/strict";
import { CSV_HEADER_MAX_BYTES, DataError, parseKaggleCsv, readKaggleCsv } from "./mod.ts";
import { chunked, csvHeader, makeFifo } from "./_test_fixtures.ts";

/** A stream of `head`, then `fill` repeated in 64 KiB chunks for ever, counting the bytes pulled. */
function endless(head: string, fill: string) {
  const state = { bytes: 0 };
  const chunk = text(fill.repeat(Math.ceil(65536 / fill.length)).slice(0, 65536));
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = first ? text(head) : chunk.slice();
      first = false;
      state.bytes += next.length;
      controller.enqueue(next);
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

const text = (s: string) => new TextEncoder().encode(s);
const parse = (csv: string, options = {}) =>
  parseKaggleCsv(new Blob([csv]).stream(), "t.csv", options);

async function rejects(csv: string, message: string) {
  await assert.rejects(parse(csv), (error: unknown) => {
    assert.ok(error instanceof DataError, `${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

Deno.test("parseKaggleCsv()", async (t) => {
  await t.step("reads a labelled file (train.csv)", async () => {
    const set = await parse(`${csvHeader(4)}\n5,0,1,2,255\n0,9,8,7,6\n`);
    assert.equal(set.count, 2);
    assert.deepEqual([set.features, set.width, set.height], [4, 2, 2]);
    assert.deepEqual([...set.labels!], [5, 0]);
    assert.deepEqual([...set.pixels], [0, 1, 2, 255, 9, 8, 7, 6]);
    assert.equal(set.source, "t.csv");
  });
  await t.step("reads an unlabelled file (test.csv)", async () => {
    const set = await parse(`${csvHeader(2, false)}\n3,4\n`);
    assert.equal(set.labels, undefined);
    assert.deepEqual([...set.pixels], [3, 4]);
  });
  await t.step("accepts CRLF, a missing final newline and blank lines", async () => {
    const set = await parse(`${csvHeader(2)}\r\n1,2,3\r\n\r\n4,5,6`);
    assert.deepEqual([...set.labels!], [1, 4]);
    assert.deepEqual([...set.pixels], [2, 3, 5, 6]);
  });
  await t.step("gives the same result whatever the chunk boundaries", async () => {
    const rows = Array.from(
      { length: 300 },
      (_, j) => [j % 10, ...Array.from({ length: 9 }, (_, k) => (j * 31 + k * 7) % 256)].join(","),
    );
    const csv = text(`${csvHeader(9)}\r\n${rows.join("\r\n")}\r\n`);
    const whole = await parseKaggleCsv(chunked(csv, csv.length), "t.csv");
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const pieces = await parseKaggleCsv(chunked(csv, size), "t.csv");
      assert.deepEqual(pieces.pixels, whole.pixels, `chunks of ${size}`);
      assert.deepEqual(pieces.labels, whole.labels, `chunks of ${size}`);
    }
    assert.equal(whole.count, 300);
    assert.equal(whole.pixels[299 * 9 + 8], (299 * 31 + 56) % 256);
  });
  await t.step("grows past its first buffer without losing rows", async () => {
    const features = 784;
    const rows = Array.from(
      { length: 400 },
      (_, j) => [j % 10, ...Array.from({ length: features }, (_, k) => (j + k) % 256)].join(","),
    );
    const set = await parseKaggleCsv(
      chunked(text(`${csvHeader(features)}\n${rows.join("\n")}\n`), 4096),
      "big.csv",
    );
    for (let j = 0; j < 400; j++) {
      for (let k = 0; k < features; k++) {
        if (set.pixels[j * features + k] !== (j + k) % 256) assert.fail(`row ${j} pixel ${k}`);
      }
    }
  });
  await t.step("stops after the limit", async () => {
    const set = await parse(`${csvHeader(1)}\n1,1\n2,2\n3,x\n`, { limit: 2 });
    assert.deepEqual([...set.labels!], [1, 2]);
  });

  await t.step(
    "refuses an empty file",
    () => rejects("", "t.csv: the file is empty (expected a Kaggle digit CSV)"),
  );
  await t.step("refuses a header only", async () => {
    await rejects(`${csvHeader(2)}\n`, "t.csv: the file has a header but no data rows");
    await rejects(csvHeader(2), "t.csv: the file has a header but no data rows");
  });
  await t.step("refuses a header that is not Kaggle's", async () => {
    await rejects(
      "label,pixel0,pixel2\n1,2,3\n",
      't.csv:1: column 3: the header\'s column 3 is "pixel2" but a Kaggle digit CSV has "pixel1" there',
    );
    await rejects(
      "\u0000\u0001\u0002garbage\n",
      't.csv:1: column 1: the header\'s column 1 is "\\u0000\\u0001\\u0002garbage" but a Kaggle digit CSV has "pixel0" there',
    );
  });
  await t.step("refuses short and long rows", async () => {
    await rejects(
      `${csvHeader(3)}\n1,2,3,4\n1,2,3\n`,
      "t.csv:3: the row has 3 fields but the header has 4",
    );
    await rejects(
      `${csvHeader(2)}\n1,2,3,4\n`,
      "t.csv:2: column 4: the row has more than the header's 3 fields",
    );
  });
  await t.step("refuses non-numeric, negative, fractional and empty fields", async () => {
    await rejects(
      `${csvHeader(2)}\n1,2,abc\n`,
      't.csv:2: column 3: the pixel1 field "abc" is not a non-negative integer',
    );
    await rejects(
      `${csvHeader(2)}\n1,-2,3\n`,
      't.csv:2: column 2: the pixel0 field "-2" is not a non-negative integer',
    );
    await rejects(
      `${csvHeader(2)}\n1,2.5,3\n`,
      't.csv:2: column 2: the pixel0 field "2.5" is not a non-negative integer',
    );
    await rejects(`${csvHeader(2)}\n1,,3\n`, "t.csv:2: column 2: the pixel0 field is empty");
  });
  await t.step("refuses out-of-range pixels and labels", async () => {
    await rejects(
      `${csvHeader(2)}\n1,2,256\n`,
      "t.csv:2: column 3: pixel1 is 256, out of range 0-255",
    );
    await rejects(
      `${csvHeader(2)}\n0,0,0\n10,2,3\n`,
      "t.csv:3: column 1: label 10 is out of range 0-9",
    );
  });
});

Deno.test("parseKaggleCsv() bounds", async (t) => {
  await t.step("refuses a header line over 64 KiB, without reading on", async () => {
    const { stream, state } = endless("", "x");
    await assert.rejects(parseKaggleCsv(stream, "zero.csv"), {
      name: "DataError",
      message:
        "zero.csv:1: the header line is longer than 64 KiB (a Kaggle digit CSV's is 6,951 bytes): not a Kaggle digit CSV",
    });
    assert.ok(state.bytes <= CSV_HEADER_MAX_BYTES + 65536, `read ${state.bytes} bytes`);
  });
  await t.step("takes Kaggle's own header, 6,951 bytes, and one of exactly 64 KiB", async () => {
    assert.equal(csvHeader(784).length, 6951);
    const long = csvHeader(7000);
    assert.ok(long.length > 65536);
    await rejects(
      `${long}\n`,
      "t.csv:1: the header line is longer than 64 KiB (a Kaggle digit CSV's is 6,951 bytes): not a Kaggle digit CSV",
    );
  });
  await t.step("refuses a row longer than its fields can be, across chunks", async () => {
    const { stream, state } = endless(`${csvHeader(784)}\n`, "0");
    await assert.rejects(parseKaggleCsv(stream, "row.csv"), {
      message: "row.csv:2: the row is longer than 3141 bytes, the most 785 fields of 0-255 take",
    });
    assert.ok(state.bytes <= 6952 + 2 * 65536, `read ${state.bytes} bytes`);
  });
  await t.step("refuses a long row that fits in one chunk (padded fields)", async () => {
    await rejects(
      `${csvHeader(2)}\n1,0000000000002,3\n`,
      "t.csv:2: the row is longer than 13 bytes, the most 3 fields of 0-255 take",
    );
    const padded = `${csvHeader(2)}\n1,0000000000002,3\n`;
    for (const size of [1, 5, 7]) {
      await assert.rejects(
        parseKaggleCsv(chunked(text(padded), size), "t.csv"),
        /longer than 13 bytes/,
      );
    }
  });
  await t.step("takes the longest rows that can be, CRLF included", async () => {
    const row = ["9", ...Array(784).fill("255")].join(",");
    assert.equal(row.length, 3137);
    const set = await parse(`${csvHeader(784)}\r\n${row}\r\n${row}`);
    assert.equal(set.count, 2);
    assert.equal(set.pixels[783], 255);
  });
});

Deno.test("readKaggleCsv()", async (t) => {
  await t.step("refuses /dev/zero and a FIFO before opening them", async () => {
    await assert.rejects(readKaggleCsv("/dev/zero"), {
      name: "FileError",
      message: "Cannot read /dev/zero: it is a device, not a file",
    });
    const made = await makeFifo("train.csv");
    if (made === undefined) return console.log("no mkfifo here: FIFO case skipped");
    await assert.rejects(readKaggleCsv(made.fifo), {
      message: `Cannot read ${made.fifo}: it is a named pipe (FIFO), not a file`,
    });
    await Deno.remove(made.dir, { recursive: true });
  });
  await t.step("streams a file and names it in errors", async () => {
    const path = await Deno.makeTempFile({ suffix: ".csv" });
    await Deno.writeTextFile(path, `${csvHeader(2)}\n1,2,x\n`);
    await assert.rejects(readKaggleCsv(path), {
      message: `${path}:2: column 3: the pixel1 field "x" is not a non-negative integer`,
    });
    await Deno.remove(path);
  });
});
