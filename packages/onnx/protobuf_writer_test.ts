import assert from "node:assert/strict";
import { packedFloats, readFields } from "./_test_protobuf_reader.ts";
import { ProtobufWriter } from "./protobuf_writer.ts";

function written(write: (w: ProtobufWriter) => void): number[] {
  const w = new ProtobufWriter();
  write(w);
  return [...w.finish()];
}

Deno.test("ProtobufWriter.int64()", async (t) => {
  await t.step("writes the key and a varint, seven bits a byte, low bits first", () => {
    assert.deepEqual(written((w) => w.int64(1, 0)), [0x08, 0]);
    assert.deepEqual(written((w) => w.int64(1, 127)), [0x08, 0x7f]);
    assert.deepEqual(written((w) => w.int64(1, 128)), [0x08, 0x80, 0x01]);
    assert.deepEqual(written((w) => w.int64(2, 300)), [0x10, 0xac, 0x02]);
  });
  await t.step("writes values past 32 bits exactly, up to 2^53 − 1", () => {
    for (const value of [2 ** 32, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER]) {
      const [field] = readFields(new Uint8Array(written((w) => w.int64(3, value))));
      assert.equal(field.value, BigInt(value));
    }
  });
  await t.step("writes a negative value as ten bytes of two's complement", () => {
    const bytes = written((w) => w.int64(1, -1));
    assert.deepEqual(bytes, [0x08, ...Array(9).fill(0xff), 0x01]);
    assert.equal(readFields(new Uint8Array(written((w) => w.int64(1, -12345))))[0].value, -12345n);
  });
  await t.step("writes a field number above 15 with a two-byte key", () => {
    assert.deepEqual(written((w) => w.int64(20, 2)), [0xa0, 0x01, 2]);
  });
  await t.step("refuses what is not a safe integer, and bad field numbers", () => {
    for (const value of [0.5, NaN, Infinity, 2 ** 53]) {
      assert.throws(() => written((w) => w.int64(1, value)), RangeError);
    }
    for (const field of [0, -1, 1.5, 2 ** 29]) {
      assert.throws(() => written((w) => w.int64(field, 1)), /field: its number must be/);
    }
  });
});

Deno.test("ProtobufWriter.float()", async (t) => {
  await t.step("writes wire type 5 and four little-endian bytes", () => {
    assert.deepEqual(written((w) => w.float(2, 1)), [0x15, 0x00, 0x00, 0x80, 0x3f]);
  });
  await t.step("rounds to float32 and keeps special values", () => {
    for (const value of [0.01, -0, Infinity, NaN, 3.4e38]) {
      const [field] = readFields(new Uint8Array(written((w) => w.float(1, value))));
      assert.deepEqual(field.value, Math.fround(value));
    }
  });
});

Deno.test("ProtobufWriter.string()", async (t) => {
  await t.step("writes the UTF-8 bytes with their length", () => {
    assert.deepEqual(written((w) => w.string(1, "Relu")), [0x0a, 4, 0x52, 0x65, 0x6c, 0x75]);
    assert.deepEqual(written((w) => w.string(1, "é")), [0x0a, 2, 0xc3, 0xa9]);
  });
  await t.step("writes an empty string as a zero length", () => {
    assert.deepEqual(written((w) => w.string(1, "")), [0x0a, 0]);
  });
});

Deno.test("ProtobufWriter.bytes()", async (t) => {
  await t.step("embeds another message", () => {
    const inner = new ProtobufWriter();
    inner.int64(1, 150);
    assert.deepEqual(written((w) => w.bytes(3, inner.finish())), [0x1a, 3, 0x08, 0x96, 0x01]);
  });
  await t.step("grows past its first buffer, with a multi-byte length", () => {
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
    const [field] = readFields(new Uint8Array(written((w) => w.bytes(1, big))));
    assert.deepEqual(field.value, big);
  });
});

Deno.test("ProtobufWriter.packedFloats()", async (t) => {
  await t.step("writes one length then four bytes a value", () => {
    assert.deepEqual(written((w) => w.packedFloats(4, [1, -2])), [
      0x22,
      8,
      0x00,
      0x00,
      0x80,
      0x3f,
      0x00,
      0x00,
      0x00,
      0xc0,
    ]);
  });
  await t.step("round-trips a million values", () => {
    const values = Float32Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i));
    const [field] = readFields(new Uint8Array(written((w) => w.packedFloats(4, values))));
    assert.deepEqual(packedFloats(field.value as Uint8Array), values);
  });
  await t.step("writes no values as a zero length", () => {
    assert.deepEqual(written((w) => w.packedFloats(4, [])), [0x22, 0]);
  });
});

Deno.test("ProtobufWriter.packedInt64s()", async (t) => {
  await t.step("writes one length then a varint a value", () => {
    assert.deepEqual(written((w) => w.packedInt64s(7, [0, 1, 300])), [0x3a, 4, 0, 1, 0xac, 0x02]);
  });
  await t.step("writes negative values as ten bytes each", () => {
    assert.equal(written((w) => w.packedInt64s(7, [-1])).length, 2 + 10);
  });
});

Deno.test("ProtobufWriter.finish()", async (t) => {
  await t.step("returns the fields in the order written, and a copy", () => {
    const w = new ProtobufWriter();
    w.string(2, "a");
    w.int64(1, 5);
    const first = w.finish();
    assert.deepEqual(readFields(first).map((f) => f.field), [2, 1]);
    first[0] = 0;
    assert.equal(w.finish()[0], 0x12);
  });
  await t.step("is empty before anything is written", () => {
    assert.equal(new ProtobufWriter().finish().length, 0);
  });
});
