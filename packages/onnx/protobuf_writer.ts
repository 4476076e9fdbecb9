/**
 * A minimal Protocol Buffers encoder: the three wire types ONNX needs
 * (varint, 32-bit, length-delimited) behind one method per field kind. Fields are written in the order they are called;
 * call them in field-number order to get the canonical encoding.
 *
 * Wire format: each field is a key `(field << 3) | wireType` as a varint,
 * then its value: a varint (wire type 0), four little-endian bytes (5), or
 * a varint length and that many bytes (2) for strings, bytes, embedded
 * messages and packed repeated numbers.
 *
 * @example Encode field 1 = 150, the protobuf documentation's example
 * ```ts
 * import { ProtobufWriter } from "@simple-mnist/onnx";
 * import assert from "node:assert/strict";
 *
 * const writer = new ProtobufWriter();
 * writer.int64(1, 150);
 * assert.deepEqual([...writer.finish()], [0x08, 0x96, 0x01]);
 * ```
 */
export class ProtobufWriter {
  #bytes = new Uint8Array(256);
  #length = 0;

  /**
   * Writes an `int64`, `int32`, `uint64` or enum field as a varint.
   * Negative values take ten bytes (two's complement), as protobuf says.
   *
   * @param field The field number.
   * @param value An integer within ±2^53.
   * @throws {RangeError} If `value` is not a safe integer.
   */
  int64(field: number, value: number): void {
    this.#key(field, 0);
    this.#varint(value);
  }

  /**
   * Writes a `float` field: four little-endian bytes.
   *
   * @param field The field number.
   * @param value The value (rounded to float32).
   */
  float(field: number, value: number): void {
    this.#key(field, 5);
    this.#reserve(4);
    new DataView(this.#bytes.buffer).setFloat32(this.#length, value, true);
    this.#length += 4;
  }

  /**
   * Writes a `string` field, UTF-8 encoded.
   *
   * @param field The field number.
   * @param value The text.
   */
  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  /**
   * Writes a `bytes` field, or an embedded message already encoded (see
   * {@linkcode ProtobufWriter.finish}).
   *
   * @param field The field number.
   * @param value The bytes.
   */
  bytes(field: number, value: Uint8Array): void {
    this.#key(field, 2);
    this.#varint(value.length);
    this.#reserve(value.length);
    this.#bytes.set(value, this.#length);
    this.#length += value.length;
  }

  /**
   * Writes a packed `repeated float` field: one length, then four
   * little-endian bytes per value.
   *
   * @param field The field number.
   * @param values The values (rounded to float32).
   */
  packedFloats(field: number, values: ArrayLike<number>): void {
    this.#key(field, 2);
    this.#varint(4 * values.length);
    this.#reserve(4 * values.length);
    const view = new DataView(this.#bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(this.#length + 4 * i, values[i], true);
    this.#length += 4 * values.length;
  }

  /**
   * Writes a packed `repeated int64` field: one length, then a varint per
   * value.
   *
   * @param field The field number.
   * @param values Integers within ±2^53.
   * @throws {RangeError} If a value is not a safe integer.
   */
  packedInt64s(field: number, values: readonly number[]): void {
    const body = new ProtobufWriter();
    for (const value of values) body.#varint(value);
    this.bytes(field, body.finish());
  }

  /**
   * The bytes written so far.
   *
   * @returns A copy, which may be written into another message with
   * {@linkcode ProtobufWriter.bytes}.
   */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  #key(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 536_870_911) {
      throw new RangeError(
        `Cannot write a protobuf field: its number must be 1 to 2^29−1, got ${field}`,
      );
    }
    this.#varint(field * 8 + wireType);
  }

  #varint(value: number): void {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`Cannot write a protobuf varint: ${value} is not a safe integer`);
    }
    this.#reserve(10);
    // Seven bits a byte, low bits first; the top bit says another byte follows.
    // A negative int64 is its 64-bit two's complement, so 2^64 + value.
    if (value < 0) {
      let big = BigInt.asUintN(64, BigInt(value));
      while (big >= 0x80n) {
        this.#bytes[this.#length++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      this.#bytes[this.#length++] = Number(big);
      return;
    }
    let rest = value;
    while (rest >= 0x80) {
      this.#bytes[this.#length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.#bytes[this.#length++] = rest;
  }

  #reserve(count: number): void {
    if (this.#length + count <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(2 * this.#bytes.length, this.#length + count));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}
