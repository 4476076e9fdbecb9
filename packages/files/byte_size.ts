const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB"];

/**
 * A byte count as people read it: `512 bytes`, `64 KiB`, `1.5 GiB`
 * (powers of 1024, at most three significant digits).
 *
 * @param bytes A non-negative count.
 * @returns The count with its unit.
 *
 * @example
 * ```ts
 * import { formatBytes } from "@simple-mnist/files";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatBytes(1), "1 byte");
 * assert.equal(formatBytes(65536), "64 KiB");
 * assert.equal(formatBytes(1.5 * 2 ** 30), "1.5 GiB");
 * assert.equal(formatBytes(784_016), "766 KiB");
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes === 1) return "1 byte";
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));
  return `${shown} ${UNITS[unit]}`;
}
