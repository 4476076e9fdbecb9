let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  return table;
}

/**
 * CRC-32 with the IEEE polynomial, as zip, gzip and PNG use it. Pass the
 * previous result to checksum data that arrives in pieces.
 *
 * @param bytes The data.
 * @param previous The CRC-32 of the data before `bytes` (default 0: none).
 * @returns The CRC-32 of everything so far, an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * import { crc32 } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * const bytes = new TextEncoder().encode("123456789");
 * assert.equal(crc32(bytes), 0xcbf43926);
 * assert.equal(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4))), 0xcbf43926);
 * ```
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = crcTable();
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = t[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
