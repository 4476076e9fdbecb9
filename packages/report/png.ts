import { crc32 } from "@simple-mnist/files";

/**
 * A raw 8-bit image: `channels` bytes per pixel (1 gray, 3 RGB, 4 RGBA),
 * row-major from the top-left.
 *
 * @example
 * ```ts
 * import type { RasterImage } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const dot: RasterImage = { width: 1, height: 1, channels: 1, data: Uint8Array.of(255) };
 * assert.equal(dot.data.length, dot.width * dot.height * dot.channels);
 * ```
 */
export interface RasterImage {
  /** Pixels per row. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
  /** Bytes per pixel: 1 gray, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 3 | 4;
  /** `width * height * channels` bytes. */
  readonly data: Uint8Array;
}

const COLOR_TYPE = { 1: 0, 3: 2, 4: 6 } as const;

/** One PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function zlib(bytes: Uint8Array): Promise<Uint8Array> {
  // "deflate" is the zlib format (RFC 1950), which is what PNG's IDAT holds.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Encodes an image as a PNG file (8 bits per channel, no filtering,
 * compressed with the web-standard `CompressionStream`).
 *
 * @param image The pixels.
 * @returns The PNG file's bytes.
 * @throws {TypeError} If `data` does not hold `width * height * channels` bytes.
 * @throws {RangeError} If the image is empty.
 *
 * @example
 * ```ts
 * import { encodePng } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const png = await encodePng({ width: 2, height: 1, channels: 1, data: Uint8Array.of(0, 255) });
 * assert.deepEqual([...png.subarray(1, 4)], [..."PNG"].map((c) => c.charCodeAt(0)));
 * ```
 */
export async function encodePng(image: RasterImage): Promise<Uint8Array> {
  const { width, height, channels, data } = image;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`Cannot encode PNG: the image is ${width}x${height}`);
  }
  if (COLOR_TYPE[channels] === undefined || data.length !== width * height * channels) {
    throw new TypeError(
      `Cannot encode PNG: a ${width}x${height} image of ${channels} channels needs ${
        width * height * channels
      } bytes, got ${data.length}`,
    );
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bits per channel
  header[9] = COLOR_TYPE[channels];
  // Every scanline starts with its filter type; 0 is "none".
  const stride = width * channels;
  const scanlines = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    scanlines.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk("IHDR", header),
    chunk("IDAT", await zlib(scanlines)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Encodes an image as a `data:image/png;base64,…` URI, for an `<img>` that
 * needs no file beside the page.
 *
 * @param image The pixels.
 * @returns The data URI.
 *
 * @example
 * ```ts
 * import { pngDataUri } from "@simple-mnist/report";
 * import assert from "node:assert/strict";
 *
 * const uri = await pngDataUri({ width: 1, height: 1, channels: 1, data: Uint8Array.of(128) });
 * assert.ok(uri.startsWith("data:image/png;base64,iVBORw0KGgo"));
 * ```
 */
export async function pngDataUri(image: RasterImage): Promise<string> {
  const bytes = await encodePng(image);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/png;base64,${btoa(binary)}`;
}
