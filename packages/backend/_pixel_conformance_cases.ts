// The conformance cases of uploadPixels: against today's path (the floats
// p / 255 uploaded with `upload`), bit for bit, in what is stored and in
// the products that read it, and the refusals that keep every backend's
// kernels inside the buffer.
import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import type { Backend } from "./backend.ts";
import { PIXEL_VALUES, type PixelImages } from "./pixel_images.ts";
import type { Tensor } from "./tensor.ts";

/** One named check (the shape of the suite's cases). */
interface PixelCase {
  readonly name: string;
  readonly run: (backend: Backend) => Promise<void>;
}

/** `count` images of `features` bytes, each byte zero with probability `zeros`. */
function images(count: number, features: number, seed: number, zeros: number): PixelImages {
  const prng = seededPrng(seed);
  const pixels = Uint8Array.from(
    { length: count * features },
    () => prng() < zeros ? 0 : 1 + Math.floor(prng() * 255),
  );
  return { count, features, pixels };
}

/** Indices into `count` images, repeats allowed, as a shuffled epoch's batch has none but a test may. */
function picks(length: number, count: number, seed: number): Uint32Array {
  const prng = seededPrng(seed);
  return Uint32Array.from({ length }, () => Math.floor(prng() * count));
}

/** Today's path: the batch built in float32 on the host, then uploaded. */
function uploadFloats(b: Backend, set: PixelImages, indices: ArrayLike<number>): Tensor {
  const { features, pixels } = set;
  const m = indices.length;
  const x = new Float32Array(features * m);
  for (let k = 0; k < features; k++) {
    for (let j = 0; j < m; j++) x[k * m + j] = PIXEL_VALUES[pixels[indices[j] * features + k]];
  }
  const t = b.create(features, m);
  b.upload(t, x);
  return t;
}

function uploadBytes(b: Backend, set: PixelImages, indices: ArrayLike<number>): Tensor {
  const t = b.create(set.features, indices.length);
  b.uploadPixels(t, set, indices);
  return t;
}

/** Same float32 bits, value by value (so that −0 and NaN would count too). */
function assertSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let n = 0; n < e.length; n++) {
    if (a[n] !== e[n]) {
      assert.fail(`${what}: value ${n} is ${actual[n]} but today's path gives ${expected[n]}`);
    }
  }
}

/** Uploads both ways, then compares the values and the products W·X and G·Xᵀ that read them. */
async function compareWithFloats(
  b: Backend,
  set: PixelImages,
  indices: ArrayLike<number>,
  units: number[],
): Promise<void> {
  const byBytes = uploadBytes(b, set, indices);
  const byFloats = uploadFloats(b, set, indices);
  const m = indices.length;
  const prng = seededPrng(m);
  for (const n of units) {
    const w = b.create(n, set.features);
    b.upload(w, Float32Array.from({ length: n * set.features }, () => 2 * prng() - 1));
    const g = b.create(n, m);
    b.upload(g, Float32Array.from({ length: n * m }, () => 2 * prng() - 1));
    const products: Float32Array[] = [];
    for (const x of [byBytes, byFloats]) {
      const z = b.create(n, m);
      b.matmul(w, x, z);
      const dw = b.create(n, set.features);
      b.matmul(g, x, dw, { transposeB: true, alpha: 1 / m });
      products.push(await b.download(z), await b.download(dw));
      b.dispose(z);
      b.dispose(dw);
    }
    assertSameBits(products[0], products[2], `W·X with ${n} units`);
    assertSameBits(products[1], products[3], `G·Xᵀ with ${n} units`);
    b.dispose(w);
    b.dispose(g);
  }
  // Downloaded last: a backend that keeps only the index until someone reads the values is checked after its products.
  assertSameBits(await b.download(byBytes), await b.download(byFloats), "the stored values");
  b.dispose(byBytes);
  b.dispose(byFloats);
}

function assertRefused(
  run: () => void,
  name: "TypeError" | "RangeError",
  ...words: string[]
): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof Error && error.name === name, `expected ${name}, got ${error}`);
    for (const word of words) {
      assert.ok(error.message.includes(word), `message "${error.message}" lacks ${word}`);
    }
    return true;
  });
}

/** The cases of `uploadPixels`. */
export const uploadPixelsCases: PixelCase[] = [
  {
    name: "stores p / 255 in float32, as upload does from those values, bit for bit",
    run: async (b) => {
      const set = images(3, 4, 1, 0.3);
      set.pixels.set([0, 1, 51, 255], 0);
      const t = uploadBytes(b, set, [0, 2, 0]);
      const expected = await b.download(uploadFloats(b, set, [0, 2, 0]));
      assertSameBits(await b.download(t), expected, "a 4x3 batch");
      assert.deepEqual([...(await b.download(t)).filter((_, n) => n % 3 === 0)], [
        0,
        Math.fround(1 / 255),
        Math.fround(0.2),
        1,
      ]);
    },
  },
  {
    name: "gives mostly-zero batches (MNIST's 81%) the same products as upload, bit for bit",
    run: async (b) => {
      const set = images(300, 196, 2, 0.81);
      await compareWithFloats(b, set, picks(128, 300, 3), [10, 32]);
    },
  },
  {
    name: "gives dense batches (inverted MNIST) the same products as upload, bit for bit",
    run: async (b) => {
      const set = images(300, 196, 4, 0.19);
      await compareWithFloats(b, set, picks(64, 300, 5), [10, 12]);
    },
  },
  {
    name: "gives a batch wider than 8,192 samples and a tiny one the same products as upload",
    run: async (b) => {
      const set = images(9000, 20, 6, 0.8);
      await compareWithFloats(b, set, picks(8500, 9000, 7), [10]);
      await compareWithFloats(b, set, [8999], [3]);
    },
  },
  {
    name: "gives a batch of more than a million nonzeros (MNIST's full batch) the same products",
    run: async (b) => {
      const set = images(8300, 784, 11, 0.81);
      await compareWithFloats(b, set, Uint32Array.from({ length: 8300 }, (_, j) => j), [10, 12]);
    },
  },
  {
    name: "refuses a buffer that is not count x features bytes, naming both numbers",
    run: (b) => {
      const set = images(4, 5, 8, 0.5);
      const truncated = { ...set, pixels: set.pixels.subarray(0, 19) };
      const t = b.create(5, 2);
      assertRefused(() => b.uploadPixels(t, truncated, [3, 0]), "TypeError", "19", "20");
      assertRefused(
        () => b.uploadPixels(t, { ...set, pixels: new Uint8Array(21) }, [0, 1]),
        "TypeError",
        "21",
        "20",
      );
      return Promise.resolve();
    },
  },
  {
    name: "refuses indices −1, count and 1.5, naming the index, before reading anything",
    run: async (b) => {
      const set = images(4, 5, 9, 0.5);
      const t = b.create(5, 2);
      b.uploadPixels(t, set, [1, 2]);
      const before = await b.download(t);
      assertRefused(() => b.uploadPixels(t, set, [0, -1]), "RangeError", "-1");
      assertRefused(() => b.uploadPixels(t, set, [4, 0]), "RangeError", "index 4");
      assertRefused(() => b.uploadPixels(t, set, [1.5, 0]), "RangeError", "1.5");
      assertSameBits(await b.download(t), before, "the tensor after refused uploads");
    },
  },
  {
    name: "refuses a tensor that is not features x indices.length",
    run: (b) => {
      const set = images(4, 5, 10, 0.5);
      assertRefused(() => b.uploadPixels(b.create(5, 3), set, [0, 1]), "TypeError", "5x3", "5x2");
      assertRefused(() => b.uploadPixels(b.create(4, 2), set, [0, 1]), "TypeError", "4x2", "5x2");
      return Promise.resolve();
    },
  },
];
