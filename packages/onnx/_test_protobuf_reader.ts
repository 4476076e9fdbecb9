// A protobuf decoder for the tests: it reads back what ProtobufWriter
// wrote, independently of it, so messages can be checked field by field.

/** One field as found on the wire. */
export interface WireField {
  readonly field: number;
  /** 0 varint, 2 length-delimited, 5 32-bit. */
  readonly wireType: number;
  /** A varint as a bigint (int64 two's complement), a float32, or the bytes. */
  readonly value: bigint | number | Uint8Array;
}

/** Every field of a message, in wire order. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n;; shift += 7n) {
      if (at >= bytes.length) throw new Error("truncated varint");
      const byte = bytes[at++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wireType = key & 7;
    if (wireType === 0) fields.push({ field, wireType, value: BigInt.asIntN(64, varint()) });
    else if (wireType === 5) {
      const value = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getFloat32(0, true);
      at += 4;
      fields.push({ field, wireType, value });
    } else if (wireType === 2) {
      const length = Number(varint());
      if (at + length > bytes.length) throw new Error("truncated field");
      fields.push({ field, wireType, value: bytes.subarray(at, at + length) });
      at += length;
    } else throw new Error(`wire type ${wireType}`);
  }
  return fields;
}

/** The values of field `field`. */
export function values(bytes: Uint8Array, field: number): (bigint | number | Uint8Array)[] {
  return readFields(bytes).filter((f) => f.field === field).map((f) => f.value);
}

/** The embedded messages (or bytes) of field `field`. */
export function messages(bytes: Uint8Array, field: number): Uint8Array[] {
  return values(bytes, field).map((v) => {
    if (!(v instanceof Uint8Array)) throw new Error(`field ${field} is not length-delimited`);
    return v;
  });
}

/** The strings of field `field`. */
export function strings(bytes: Uint8Array, field: number): string[] {
  return messages(bytes, field).map((m) => new TextDecoder().decode(m));
}

/** The integers of field `field`, as numbers. */
export function integers(bytes: Uint8Array, field: number): number[] {
  return values(bytes, field).map(Number);
}

/** A packed `repeated float` field's values. */
export function packedFloats(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

/** A packed `repeated int64` field's values. */
export function packedInt64s(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let value = 0n;
  let shift = 0n;
  for (const byte of bytes) {
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if (byte < 0x80) {
      out.push(Number(BigInt.asIntN(64, value)));
      value = 0n;
      shift = 0n;
    }
  }
  return out;
}
