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

/** A stream of `head` then `chunks` chunks of zeros (forever when `chunks` is Infinity), counting what was pulled. */
export function zerosAfter(head: Uint8Array<ArrayBuffer>, chunks: number, size = 1 << 16) {
  const state = { pulled: 0, bytes: 0 };
  const zeros = new Uint8Array(size);
  const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (state.pulled > chunks) return controller.close();
      const chunk = state.pulled === 0 ? head : zeros;
      state.pulled++;
      state.bytes += chunk.length;
      controller.enqueue(chunk.slice());
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

/** Counts the bytes pulled from `stream`. */
export function counted(stream: ReadableStream<Uint8Array>) {
  const state = { bytes: 0 };
  const reader = stream.getReader();
  const out = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      state.bytes += value.length;
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
  return { stream: out, state };
}

/** Gzip of an IDX image header declaring `count` 28x28 images, then `zeros` zero bytes. */
export async function inflatingGzip(count: number, zeros: number): Promise<Uint8Array> {
  const header = idxImages(count, 28, 28).slice(0, 16);
  const { stream } = zerosAfter(header, Math.ceil(zeros / (1 << 20)), 1 << 20);
  return new Uint8Array(
    await new Response(stream.pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
}

/** A FIFO in a fresh folder, or undefined where `mkfifo` is missing. */
export async function makeFifo(name = "pipe"): Promise<{ dir: string; fifo: string } | undefined> {
  const dir = await Deno.makeTempDir();
  const fifo = `${dir}/${name}`;
  try {
    if ((await new Deno.Command("mkfifo", { args: [fifo] }).output()).success) return { dir, fifo };
  } catch {
    // no mkfifo here
  }
  await Deno.remove(dir, { recursive: true });
  return undefined;
}
