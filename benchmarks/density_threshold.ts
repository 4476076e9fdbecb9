// `deno task density-threshold`: where the sparse first layer stops paying.
// For a batch of 128 images of 784 pixels at several densities (the
// fraction of nonzero pixels: MNIST's is 0.19, inverted MNIST's 0.9), times
// the first layer's two products, W·X and dZ·Xᵀ, on the wasm backend with
// X indexed (what uploadPixels does for a batch at most half nonzero) and
// with X dense (a backend that indexes nothing), taking turns, best of
// --repeat rounds (default 5), for 10, 128 and 512 units. Prints each
// time, sparse over dense, and per width the density where sparse becomes
// slower: the threshold the backend's rule should sit near.
import { parseArgs } from "node:util";
import { WasmBackend, type WasmTensor } from "@simple-mnist/backend-wasm";
import { seededPrng } from "@simple-mnist/random";

const { values } = parseArgs({
  args: Deno.args,
  options: { repeat: { type: "string", default: "5" } },
});
const repeat = Number(values.repeat);
const BATCH = 128;
const FEATURES = 784;
const DENSITIES = [0.05, 0.1, 0.15, 0.19, 0.25, 0.3, 0.4, 0.5];
const WIDTHS = [10, 128, 512];
const sparse = new WasmBackend();
const dense = new WasmBackend({ sparseMinSize: 2 ** 31 });

function images(density: number) {
  const prng = seededPrng(Math.round(density * 1000));
  const pixels = Uint8Array.from(
    { length: BATCH * FEATURES },
    () => prng() < density ? 1 + Math.floor(prng() * 255) : 0,
  );
  return { count: BATCH, features: FEATURES, pixels };
}

/** Milliseconds for `calls` rounds of W·X then dZ·Xᵀ. */
function time(
  backend: WasmBackend,
  w: WasmTensor,
  dz: WasmTensor,
  x: WasmTensor,
  z: WasmTensor,
  dw: WasmTensor,
) {
  const calls = 20;
  const start = performance.now();
  for (let c = 0; c < calls; c++) {
    backend.matmul(w, x, z);
    backend.matmul(dz, x, dw, { transposeB: true, alpha: 1 / BATCH });
  }
  return (performance.now() - start) / calls;
}

const indices = Uint32Array.from({ length: BATCH }, (_, j) => j);
console.log(
  `First layer, batch ${BATCH}: W·X + dZ·Xᵀ on wasm, ms per pair (best of ${repeat}), X indexed vs dense`,
);
console.log(
  `${"units".padEnd(6)}${"density".padStart(8)}${"indexed".padStart(9)}${"dense".padStart(9)}${
    "ratio".padStart(7)
  }`,
);
for (const n of WIDTHS) {
  let crossover: number | undefined;
  for (const density of DENSITIES) {
    const set = images(density);
    const sides = [sparse, dense].map((backend) => {
      const w = backend.create(n, FEATURES);
      backend.upload(w, Float32Array.from({ length: n * FEATURES }, (_, e) => Math.sin(e) / 10));
      const dz = backend.create(n, BATCH);
      backend.upload(dz, Float32Array.from({ length: n * BATCH }, (_, e) => Math.cos(e) / 10));
      const x = backend.create(FEATURES, BATCH);
      backend.uploadPixels(x, set, indices);
      return { backend, w, dz, x, z: backend.create(n, BATCH), dw: backend.create(n, FEATURES) };
    });
    const best = [Infinity, Infinity];
    for (let r = 0; r < repeat; r++) {
      for (const [s, { backend, w, dz, x, z, dw }] of sides.entries()) {
        best[s] = Math.min(best[s], time(backend, w, dz, x, z, dw));
      }
    }
    for (const { backend, w, dz, x, z, dw } of sides) {
      for (const t of [w, dz, x, z, dw]) backend.dispose(t);
    }
    const ratio = best[0] / best[1];
    if (crossover === undefined && ratio > 1) crossover = density;
    console.log(
      `${String(n).padEnd(6)}${density.toFixed(2).padStart(8)}${best[0].toFixed(3).padStart(9)}${
        best[1].toFixed(3).padStart(9)
      }${ratio.toFixed(2).padStart(7)}`,
    );
  }
  console.log(
    `  ${n} units: indexed is slower from density ${crossover ?? `> ${DENSITIES.at(-1)}`}`,
  );
}
sparse.close();
dense.close();
