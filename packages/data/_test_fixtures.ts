// Small data files made in the tests.

export function idxImages(count: number, height: number, width: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(16 + count * height * width);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 2051);
  view.setUint32(4, count);
  view.setUint32(8, height);
  view.setUint32(12, width);
  for (let e = 16; e < bytes.length; e++) bytes[e] = (e * 37 + seed * 11) % 256;
  return bytes;
}

export function idxLabels(labels: number[]): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 2049);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A stream that hands out `bytes` in chunks of `size`. */
export function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

export function csvHeader(features: number, labelled = true): string {
  const names = Array.from({ length: features }, (_, k) => `pixel${k}`);
  return (labelled ? ["label", ...names] : names).join(",");
}
