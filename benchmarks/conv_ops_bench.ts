// The ops of one training step of the anchor conv net of issue 21 (conv
// 5x5x16, max-pool 2, conv 5x5x32, max-pool 2, dense 10) on a batch of 128
// MNIST-like images (81% zeros): im2col, col2im, max-pooling and its
// gradient, reshape, and the products that carry a convolution, each
// grouped by op with `js` as the baseline against `wasm` on one and on two
// threads. Quick mode (CI) runs a batch of 8.
import type { Backend, Tensor, WindowGeometry } from "@simple-mnist/backend";
import { windowGeometry } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { seededPrng } from "@simple-mnist/random";
import { QUICK } from "./_workload.ts";

const BATCH = QUICK ? 8 : 128;
const runs = { n: QUICK ? 2 : 30, warmup: QUICK ? 1 : 5 };

/** Values in [−0.5, 0.5), a fraction `zeros` of them exactly 0. */
function values(count: number, seed: number, zeros = 0): Float32Array {
  const prng = seededPrng(seed);
  return Float32Array.from({ length: count }, () => (prng() < zeros ? 0 : prng() - 0.5));
}

function filled(backend: Backend, rows: number, cols: number, seed: number, zeros = 0): Tensor {
  const tensor = backend.create(rows, cols);
  backend.upload(tensor, values(rows * cols, seed, zeros));
  return tensor;
}

/** The anchor net's layers: what each window op and product sees. */
interface Conv {
  name: string;
  g: WindowGeometry;
  filters: number;
  pool: WindowGeometry;
  /** The fraction of zeros in the input: MNIST's pixels, or a ReLU's output after pooling. */
  zeros: number;
}

const CONVS: Conv[] = [
  {
    name: "conv1",
    g: windowGeometry(1, 28, 28, 5),
    filters: 16,
    pool: windowGeometry(16, 24, 24, 2, { stride: 2 }),
    zeros: 0.81,
  },
  {
    name: "conv2",
    g: windowGeometry(16, 12, 12, 5),
    filters: 32,
    pool: windowGeometry(32, 8, 8, 2, { stride: 2 }),
    zeros: 0.3,
  },
];

const backends: Backend[] = [
  new JsBackend(),
  new WasmBackend({ threads: 1 }),
  new WasmBackend({ threads: 2 }),
];
const names = ["js", "wasm 1 thread", "wasm 2 threads"];

backends.forEach((b, index) => {
  const name = names[index];
  const baseline = index === 0;
  for (const { name: layer, g, filters, pool, zeros } of CONVS) {
    const m = BATCH;
    const P = g.outHeight * g.outWidth;
    const patch = g.channels * g.kernel ** 2;
    const x = filled(b, g.channels * g.height * g.width, m, 1, zeros);
    const cols = b.create(patch, P * m);
    const w = filled(b, filters, patch, 2);
    const z = b.create(filters, P * m);
    const images = filled(b, filters * P, m, 3);
    const dZ = filled(b, filters, P * m, 4);
    const dW = b.create(filters, patch);
    const dCols = b.create(patch, P * m);
    const dX = b.create(x.rows, m);
    const pooled = b.create(pool.channels * pool.outHeight * pool.outWidth, m);
    const dPooled = filled(b, pooled.rows, m, 5);
    const dImages = b.create(images.rows, m);
    b.im2col(x, g, cols);
    const shapes = `${x.rows}x${m} → ${patch}x${P * m}`;
    const bench = (group: string, fn: () => void) =>
      Deno.bench({ group: `${layer} ${group}`, name, baseline, ...runs, fn });
    bench(`im2col (${shapes})`, () => b.im2col(x, g, cols));
    if (layer !== "conv1") {
      bench(`col2im (${patch}x${P * m} → ${x.rows}x${m})`, () => b.col2im(dCols, g, dX));
    }
    bench(`matmul W·cols (${filters}x${patch} · ${patch}x${P * m})`, () => b.matmul(w, cols, z));
    bench(
      `matmul dZ·colsᵀ (${filters}x${P * m} · ${P * m}x${patch})`,
      () => b.matmul(dZ, cols, dW, { transposeB: true, alpha: 1 / m }),
    );
    if (layer !== "conv1") {
      bench(
        `matmul Wᵀ·dZ (${patch}x${filters} · ${filters}x${P * m})`,
        () => b.matmul(w, dZ, dCols, { transposeA: true }),
      );
    }
    bench(`reshape (${filters}x${P * m} → ${filters * P}x${m})`, () => b.reshape(z, images));
    bench(
      `maxPool ${pool.kernel}x${pool.kernel} (${images.rows}x${m} → ${pooled.rows}x${m})`,
      () => b.maxPool(images, pool, pooled),
    );
    bench(
      `maxPoolGrad (${pooled.rows}x${m} → ${images.rows}x${m})`,
      () => b.maxPoolGrad(dPooled, images, pool, dImages),
    );
  }
});
