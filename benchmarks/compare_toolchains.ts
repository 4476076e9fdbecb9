// `deno task compare-toolchains`: the wasm backend's two hottest kernels
// (the forward product W1·X and the gradient dZ1·Xᵀ of the seed's workload,
// 41,000 MNIST images, one thread) as AssemblyScript compiles them (the
// shipped module) and as clang compiles the same loops written in C
// (benchmarks/clang_kernels.c). Needs clang and wasm-ld (Debian: clang,
// lld); skips with a message without them. Prints each kernel's best of 15
// runs and the ratio clang/AssemblyScript, and checks the results agree.
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { JsBackend } from "@simple-mnist/backend-js";
import { mlp, Sequential } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { Heap } from "@simple-mnist/backend-wasm/heap";
import { instantiate, kernelsModule } from "@simple-mnist/backend-wasm/kernels";

const CLANG_FLAGS = [
  "--target=wasm32",
  "-O3",
  "-msimd128",
  "-matomics",
  "-mbulk-memory",
  "-nostdlib",
  "-Wl,--no-entry",
  "-Wl,--export=sparseProduct10",
  "-Wl,--export=sparseProductTransposed10",
  "-Wl,--import-memory,--shared-memory,--max-memory=4294967296",
];

interface ClangKernels {
  sparseProduct10(...args: number[]): void;
  sparseProductTransposed10(...args: number[]): void;
}

async function compileC(): Promise<Uint8Array | string> {
  const source = new URL("./clang_kernels.c", import.meta.url).pathname;
  const out = await Deno.makeTempFile({ suffix: ".wasm" });
  try {
    const result = await new Deno.Command("clang", {
      args: [...CLANG_FLAGS, "-o", out, source],
    }).output();
    if (!result.success) {
      return `clang failed (is wasm-ld installed?): ${
        new TextDecoder().decode(result.stderr).trim()
      }`;
    }
    return await Deno.readFile(out);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return "no clang: skipped (apt-get install clang lld)";
    }
    throw error;
  } finally {
    await Deno.remove(out);
  }
}

const wasm = await compileC();
if (typeof wasm === "string") {
  console.log(wasm);
  Deno.exit(0);
}

const { train: all } = await loadMnist();
const { train: fit } = splitDev(limitRows(all, 42_000), 1000, seededPrng(0));
const m = fit.count;
const features = fit.features;
const heap = new Heap();
heap.alloc(2 << 20); // clang's module puts its stack in the first MiB
const as = instantiate(kernelsModule(), heap.memory);
const c = new WebAssembly.Instance(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>), {
  env: { memory: heap.memory },
}).exports as unknown as ClangKernels;

// X (features x m) as the backend holds it, then its two indexes.
const X = heap.alloc(4 * features * m);
const x = heap.f32(X, features * m);
for (let j = 0; j < m; j++) {
  for (let k = 0; k < features; k++) x[k * m + j] = fit.pixels[j * features + k] / 255;
}
const nonzeros = as.countNonzeros(X, features * m);
const blockCols = 8192;
const blocks = Math.ceil(m / blockCols);
const rowStart = heap.alloc(4 * (blocks * features + 1));
// Room for three spare entries: the indexing kernels store four at a time.
const columnIndex = heap.alloc(2 * (nonzeros + 4));
const rowValues = heap.alloc(4 * (nonzeros + 4));
const tables = heap.alloc(528);
as.writeCompactionTables(tables);
as.indexRowBlocks(X, features, m, blockCols, rowStart, columnIndex, rowValues, 0, tables);
const columnStart = heap.alloc(4 * (m + 1));
const rowIndex = heap.alloc(2 * (nonzeros + 4));
const values = heap.alloc(4 * (nonzeros + 4));
const slab = 1024;
as.indexColumnsByTransposing(
  X,
  features,
  m,
  slab,
  heap.alloc(4 * slab * features),
  columnStart,
  rowIndex,
  values,
  tables,
);

// W1 transposed into rows of 12, and a stand-in for dZ1 transposed.
const W1 = (await new Sequential(new JsBackend(), mlp([784, 10, 10], "relu"), {
  prng: seededPrng(0),
}).parameters()).W1;
const At = heap.alloc(48 * features);
const at = heap.f32(At, 12 * features);
for (let i = 0; i < 10; i++) {
  for (let k = 0; k < features; k++) at[k * 12 + i] = W1[i * features + k];
}
const D = heap.alloc(48 * m);
const d = heap.f32(D, 12 * m);
for (let j = 0; j < m; j++) for (let i = 0; i < 10; i++) d[j * 12 + i] = Math.sin(i + j) / 10;

const outs = [heap.alloc(4 * 10 * m), heap.alloc(4 * 10 * m)];
const sums = heap.alloc(80 * features);
const kernels = [as as unknown as ClangKernels, c];
const cases = {
  "forward W1·X": (t: number) =>
    kernels[t].sparseProduct10(At, columnStart, rowIndex, values, outs[t], m, 1, 1, 0, m),
  "gradient dZ1·Xᵀ": (t: number) =>
    kernels[t].sparseProductTransposed10(
      D,
      rowStart,
      columnIndex,
      rowValues,
      features,
      m,
      blockCols,
      sums,
      outs[t],
      1 / m,
      0,
      features,
    ),
};

console.log(
  `${nonzeros.toLocaleString("en")} nonzeros in ${
    m.toLocaleString("en")
  } images, one thread, best of 15\n`,
);
console.log(
  `${"kernel".padEnd(18)}  ${"AssemblyScript".padStart(14)}  ${"clang".padStart(10)}  ratio`,
);
for (const [name, run] of Object.entries(cases)) {
  const best = [Infinity, Infinity];
  for (let r = 0; r < 15; r++) {
    for (const t of [0, 1]) {
      const start = performance.now();
      run(t);
      best[t] = Math.min(best[t], performance.now() - start);
    }
  }
  const [a, b] = [heap.f32(outs[0], 10 * m), heap.f32(outs[1], 10 * m)];
  const same = a.every((v, e) => v === b[e]);
  console.log(
    `${name.padEnd(18)}  ${`${best[0].toFixed(2)} ms`.padStart(14)}  ${
      `${best[1].toFixed(2)} ms`.padStart(10)
    }  ${(best[1] / best[0]).toFixed(3)}${same ? "" : "  (results differ!)"}`,
  );
}
console.log("\n(ratio: clang's time over AssemblyScript's; below 1, clang's build is faster)");
