// A batch's upload from bytes (`uploadPixels`, the gathering, scaling and
// indexing inside the backend) against the way it went before (gathered
// and scaled into a float32 host buffer, then `upload`, which indexes it),
// for a shuffled batch of 128 MNIST images and the seed's full batch, on
// every backend; and the first layer's products reading the byte index
// against reading the float32 one (same bits: the conformance suite checks).
import { type Backend, PIXEL_VALUES, type Tensor } from "@simple-mnist/backend";
import { loadMnist } from "@simple-mnist/data";
import { seededPrng, shuffle } from "@simple-mnist/random";
import { benchBackends, QUICK } from "./_workload.ts";

const { train } = await loadMnist();
const runs = { n: QUICK ? 2 : 30, warmup: QUICK ? 1 : 5 };
const order = shuffle(Uint32Array.from({ length: train.count }, (_, j) => j), seededPrng(0));

/** The old path: the batch gathered into float32 on the host, then uploaded. */
function uploadFloats(backend: Backend, x: Tensor, host: Float32Array, indices: Uint32Array): void {
  const { features, pixels } = train;
  const m = indices.length;
  for (let k = 0; k < features; k++) {
    const row = k * m;
    for (let j = 0; j < m; j++) host[row + j] = PIXEL_VALUES[pixels[indices[j] * features + k]];
  }
  backend.upload(x, host);
}

for (const backend of benchBackends()) {
  for (const size of QUICK ? [128] : [128, 41_000]) {
    if (size > 128 && backend.name === "js") continue;
    const indices = order.subarray(0, size);
    const x = backend.create(784, size);
    const host = new Float32Array(784 * size);
    const group = `upload a batch of ${size} shuffled images (784x${size}), ${backend.name}`;
    Deno.bench({
      group,
      name: "float32 on the host, then upload",
      baseline: true,
      ...(size > 128 ? { n: QUICK ? 1 : 5, warmup: 1 } : runs),
      fn: () => uploadFloats(backend, x, host, indices),
    });
    Deno.bench({
      group,
      name: "uploadPixels",
      ...(size > 128 ? { n: QUICK ? 1 : 5, warmup: 1 } : runs),
      fn: () => backend.uploadPixels(x, train, indices),
    });
    if (backend.name === "wasm") {
      const W1 = backend.create(10, 784);
      backend.upload(W1, Float32Array.from({ length: 7840 }, (_, e) => Math.sin(e) / 10));
      const dZ1 = backend.create(10, size);
      backend.upload(dZ1, Float32Array.from({ length: 10 * size }, (_, e) => Math.cos(e) / 10));
      const Z1 = backend.create(10, size);
      const dW1 = backend.create(10, 784);
      const xFloats = backend.create(784, size);
      uploadFloats(backend, xFloats, host, indices);
      const xBytes = backend.create(784, size);
      backend.uploadPixels(xBytes, train, indices);
      for (
        const [name, X, baseline] of [["float32 index", xFloats, true], [
          "byte index",
          xBytes,
          false,
        ]] as const
      ) {
        Deno.bench({
          group: `wasm, W1·X then dZ1·Xᵀ (10 units, batch ${size}), by the index's values`,
          name,
          baseline,
          ...(size > 128 ? { n: QUICK ? 1 : 10, warmup: 2 } : runs),
          fn: () => {
            backend.matmul(W1, X, Z1);
            backend.matmul(dZ1, X, dW1, { transposeB: true, alpha: 1 / size });
          },
        });
      }
    }
  }
}
