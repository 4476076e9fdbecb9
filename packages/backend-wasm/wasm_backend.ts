import {
  type Backend,
  type CpuBackendOptions,
  cpuBackendOptions,
  expectDimensions,
  expectSameShape,
  expectShape,
  type MatmulOptions,
  productShape,
  type ResolvedCpuBackendOptions,
  shapeOf,
  sparseColumns,
  type Tensor,
  WorkerPool,
} from "@simple-mnist/backend";
import * as ops from "@simple-mnist/backend-js";
import { Heap } from "./_heap.ts";
import { instantiate, type Kernels, kernelsModule } from "./_module.ts";
import type { WorkerInit, WorkerJob } from "./_protocol.ts";
import { WasmTensor } from "./wasm_tensor.ts";

/** A block of the memory used as scratch, grown on demand. */
interface Scratch {
  address: number;
  bytes: number;
}

/**
 * The WebAssembly backend: tensors live in one shared WebAssembly memory,
 * and the products with the pixels run in SIMD kernels compiled from
 * AssemblyScript (`assembly/kernels.ts`), reading each sample once and
 * skipping zero pixels (float32 lanes for the seed's ten hidden units, with
 * the gradient's long sums carried in float64). Past a size threshold
 * a worker thread on the second core runs the same kernels over the same
 * memory for half of the samples. The small products and the element-wise
 * ops run in SIMD kernels too; the label ops and the update are
 * `@simple-mnist/backend-js`'s, over views of the memory.
 *
 * Only web-standard APIs load the kernels (the wasm ships base64-encoded in
 * a module), so the backend runs in a browser too. Call
 * {@linkcode WasmBackend.close} when done to stop the worker.
 *
 * @example
 * ```ts
 * import { WasmBackend } from "@simple-mnist/backend-wasm";
 * import assert from "node:assert/strict";
 *
 * const backend = new WasmBackend();
 * const w = backend.create(1, 3);
 * const x = backend.create(3, 2);
 * backend.upload(w, [1, 2, 3]);
 * backend.upload(x, [1, 0, 0, 1, 1, 0]);
 * const z = backend.create(1, 2);
 * backend.matmul(w, x, z);
 * assert.deepEqual([...await backend.download(z)], [4, 2]);
 * backend.close();
 * ```
 */
export class WasmBackend implements Backend<WasmTensor> {
  /** Registered as `"wasm"`. */
  readonly name = "wasm";
  readonly #heap = new Heap();
  readonly #kernels: Kernels;
  readonly #pool: WorkerPool<WorkerJob>;
  readonly #options: ResolvedCpuBackendOptions;
  readonly #scratch = new Map<string, Scratch>();
  #jsScratch: Float64Array = new Float64Array(0);

  /**
   * Creates the backend and instantiates its kernels; the worker starts on
   * the first large product.
   *
   * @param options Threads and thresholds.
   */
  constructor(options: CpuBackendOptions = {}) {
    const module = kernelsModule();
    this.#kernels = instantiate(module, this.#heap.memory);
    const init: WorkerInit = { module, memory: this.#heap.memory };
    this.#pool = new WorkerPool<WorkerJob>(new URL("./_worker.ts", import.meta.url), init);
    this.#options = cpuBackendOptions(options);
  }

  /** Stops the worker thread, if one is running. */
  close(): void {
    this.#pool.close();
  }

  /** Allocates a zero-filled tensor in the memory. */
  create(rows: number, cols: number): WasmTensor {
    expectDimensions(rows, cols);
    const tensor = new WasmTensor(rows, cols, this.#heap.memory, this.#heap.alloc(4 * rows * cols));
    tensor.data.fill(0);
    return tensor;
  }

  /** Copies row-major values in; mostly-zero data is also indexed by columns. */
  upload(dst: WasmTensor, values: ArrayLike<number>): void {
    own(dst, "Cannot upload");
    if (values.length !== dst.rows * dst.cols) {
      throw new TypeError(
        `Cannot upload: ${values.length} values do not fill a ${shapeOf(dst)} tensor`,
      );
    }
    this.#dropSparse(dst);
    const data = dst.data;
    data.set(values);
    if (data.length < this.#options.sparseMinSize) return;
    // The index lives in the memory too, where the kernels read it.
    const heap = this.#heap;
    const index = sparseColumns(data, dst.rows, dst.cols, {
      u32: (n) => heap.u32(heap.alloc(4 * n), n),
      u16: (n) => heap.u16(heap.alloc(2 * n), n),
      f32: (n) => heap.f32(heap.alloc(4 * n), n),
    });
    if (index === undefined) return;
    dst.sparse = {
      columnStart: index.columnStart.byteOffset,
      rowIndex: index.rowIndex.byteOffset,
      values: index.values.byteOffset,
      nonzeros: index.values.length,
    };
  }

  #dropSparse(tensor: WasmTensor): void {
    const sparse = tensor.sparse;
    if (sparse === undefined) return;
    this.#heap.free(sparse.columnStart, 4 * (tensor.cols + 1));
    this.#heap.free(sparse.rowIndex, 2 * sparse.nonzeros);
    this.#heap.free(sparse.values, 4 * sparse.nonzeros);
    tensor.sparse = undefined;
  }

  /** Copies the values out. */
  download(src: WasmTensor): Promise<Float32Array> {
    own(src, "Cannot download");
    return Promise.resolve(src.data.slice());
  }

  /** Returns the tensor's memory to the allocator; later use throws. */
  dispose(tensor: WasmTensor): void {
    own(tensor, "Cannot dispose");
    this.#dropSparse(tensor);
    this.#heap.free(tensor.address, 4 * tensor.rows * tensor.cols);
    tensor.disposed = true;
  }

  /** A scratch block of at least `bytes`, by name. */
  #block(name: string, bytes: number): number {
    const held = this.#scratch.get(name);
    if (held !== undefined && held.bytes >= bytes) return held.address;
    if (held !== undefined) this.#heap.free(held.address, held.bytes);
    const address = this.#heap.alloc(bytes);
    this.#scratch.set(name, { address, bytes });
    return address;
  }

  /** `out = alpha · op(a) · op(b)`: SIMD kernels when `b` is indexed by nonzeros. */
  matmul(a: WasmTensor, b: WasmTensor, out: WasmTensor, options: MatmulOptions = {}): void {
    const { transposeA = false, transposeB = false, alpha = 1 } = options;
    for (const tensor of [a, b, out]) own(tensor, "Cannot run matmul");
    const [n, inner, p] = productShape(a, b, out, transposeA, transposeB);
    this.#dropSparse(out);
    // op(a)(i, k) = a.data[i·rowStride + k·colStride]
    const rowStride = transposeA ? 1 : a.cols;
    const colStride = transposeA ? a.cols : 1;
    if (b.sparse === undefined) {
      if (!transposeB) {
        // op(a) copied contiguous (it is the small operand), then four columns of b per SIMD op.
        const At = this.#block("opA", 4 * n * inner);
        const copy = this.#heap.f32(At, n * inner);
        const A = a.data;
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < inner; k++) copy[i * inner + k] = A[i * rowStride + k * colStride];
        }
        const args = (j0: number, j1: number) =>
          [At, n, inner, b.address, p, out.address, alpha, j0, j1] as const;
        const { threads, parallelThreshold } = this.#options;
        const split = threads === 2 && n * inner * p >= parallelThreshold * 20;
        const mid = split ? 4 * Math.floor(p / 8) : p;
        if (split) this.#pool.start({ kernel: "smallTimesWide", args: [...args(mid, p)] });
        this.#kernels.smallTimesWide(...args(0, mid));
        if (split) this.#pool.wait();
      } else if (!transposeA) {
        this.#kernels.wideTimesWideTransposed(
          a.address,
          n,
          b.address,
          p,
          inner,
          out.address,
          alpha,
        );
      } else {
        this.#jsScratch = ops.matmul(a, b, out, options, this.#jsScratch);
      }
      return;
    }
    const { columnStart, rowIndex, values, nonzeros } = b.sparse;
    const parallel = this.#options.threads === 2 &&
      nonzeros >= this.#options.parallelThreshold;
    const columns = b.cols;
    const mid = parallel ? Math.floor(columns / 2) : columns;

    if (!transposeB && n === 10) {
      // The forward product of the seed's shapes: op(a) transposed into rows
      // of 12 float32 (two lanes of padding), ten sums in three f32x4.
      const At = this.#block("At32", 4 * inner * 12);
      const at = this.#heap.f32(At, inner * 12).fill(0);
      const A = a.data;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < inner; k++) at[k * 12 + i] = A[i * rowStride + k * colStride];
      }
      const args = (j0: number, j1: number) =>
        [At, columnStart, rowIndex, values, out.address, p, 1, alpha, j0, j1] as const;
      if (parallel) {
        this.#pool.start({ kernel: "sparseProduct10f32", args: [...args(mid, columns)] });
      }
      this.#kernels.sparseProduct10f32(...args(0, mid));
      if (parallel) this.#pool.wait();
      return;
    }

    if (!transposeB) {
      // out (n x p) = op(a) · b: op(a) transposed into a float64 block first.
      const At = this.#block("At", 8 * inner * n);
      const acc = this.#block("acc", 8 * n);
      const accWorker = this.#block("accWorker", 8 * n);
      const at = this.#heap.f64(At, inner * n);
      const A = a.data;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < inner; k++) at[k * n + i] = A[i * rowStride + k * colStride];
      }
      const args = (
        j0: number,
        j1: number,
        scratch: number,
      ) => [At, n, columnStart, rowIndex, values, out.address, p, 1, alpha, j0, j1, scratch];
      if (parallel) {
        this.#pool.start({ kernel: "sparseProduct", args: args(mid, columns, accWorker) });
      }
      this.#kernels.sparseProduct(...(args(0, mid, acc) as Parameters<Kernels["sparseProduct"]>));
      if (parallel) this.#pool.wait();
      return;
    }

    // out (n x p) = op(a) · bᵀ, b is p x m: sums in float64, transposed (p x n).
    const size = p * n;
    const outT = this.#block("outT", 8 * size);
    const outTWorker = this.#block("outTWorker", 8 * size);
    const aScratch = this.#block("a", 8 * n);
    const aWorker = this.#block("aWorker", 8 * n);
    this.#heap.f64(outT, size).fill(0);
    if (parallel) this.#heap.f64(outTWorker, size).fill(0);
    if (n === 10) {
      // The gradient of the seed's shapes: float32 partial sums per block of
      // columns, added into the float64 sums.
      const blockBytes = 4 * p * 12;
      const block = this.#block("block32", blockBytes);
      const blockWorker = this.#block("block32Worker", blockBytes);
      const args = (j0: number, j1: number, sums: number, scratch: number) =>
        [
          a.address,
          rowStride,
          colStride,
          columnStart,
          rowIndex,
          values,
          p,
          sums,
          scratch,
          j0,
          j1,
        ] as const;
      if (parallel) {
        this.#pool.start({
          kernel: "sparseProductTransposed10f32",
          args: [...args(mid, columns, outTWorker, blockWorker)],
        });
      }
      this.#kernels.sparseProductTransposed10f32(...args(0, mid, outT, block));
    } else {
      const args = (
        j0: number,
        j1: number,
        sums: number,
        scratch: number,
      ) => [
        a.address,
        rowStride,
        colStride,
        n,
        columnStart,
        rowIndex,
        values,
        sums,
        j0,
        j1,
        scratch,
      ];
      if (parallel) {
        this.#pool.start({
          kernel: "sparseProductTransposed",
          args: args(mid, columns, outTWorker, aWorker),
        });
      }
      this.#kernels.sparseProductTransposed(
        ...(args(0, mid, outT, aScratch) as Parameters<Kernels["sparseProductTransposed"]>),
      );
    }
    if (parallel) this.#pool.wait();
    const sums = this.#heap.f64(outT, size);
    const worker = parallel ? this.#heap.f64(outTWorker, size) : undefined;
    const O = out.data;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < p; k++) {
        const e = k * n + i;
        O[i * p + k] = alpha * (worker === undefined ? sums[e] : sums[e] + worker[e]);
      }
    }
  }

  // The element-wise ops run in SIMD kernels, except the label ops and the
  // (tiny) update, which are the pure-TypeScript backend's, over views of
  // the memory. Each op drops the sparse index of the tensor it overwrites.

  /** `out[i][j] = x[i][j] + bias[i]` (SIMD). */
  addBias(x: WasmTensor, bias: WasmTensor, out: WasmTensor): void {
    this.#writes("addBias", out, x, bias);
    expectShape("Cannot add bias", "bias", bias, x.rows, 1);
    expectShape("Cannot add bias", "out", out, x.rows, x.cols);
    this.#kernels.addBias(x.address, bias.address, out.address, x.rows, x.cols);
  }

  /** `out = max(z, 0)` (SIMD). */
  relu(z: WasmTensor, out: WasmTensor): void {
    this.#writes("relu", out, z);
    expectSameShape("Cannot apply ReLU", z, out, ["z", "out"]);
    this.#kernels.relu(z.address, out.address, z.rows * z.cols);
  }

  /** `out = grad` where `z > 0`, else 0 (SIMD). */
  reluMask(grad: WasmTensor, z: WasmTensor, out: WasmTensor): void {
    this.#writes("reluMask", out, grad, z);
    expectSameShape("Cannot mask by ReLU′", grad, z, ["grad", "z"]);
    expectShape("Cannot mask by ReLU′", "out", out, z.rows, z.cols);
    this.#kernels.reluMask(grad.address, z.address, out.address, z.rows * z.cols);
  }

  /** Column-wise softmax, shifted by each column's maximum (SIMD, with a polynomial exp). */
  softmax(z: WasmTensor, out: WasmTensor): void {
    this.#writes("softmax", out, z);
    expectSameShape("Cannot apply softmax", z, out, ["z", "out"]);
    this.#kernels.softmax(z.address, out.address, z.rows, z.cols);
  }

  /** `out = probs − onehot(labels)`. */
  softmaxCrossEntropyGrad(probs: WasmTensor, labels: WasmTensor, out: WasmTensor): void {
    this.#writes("softmaxCrossEntropyGrad", out, probs, labels);
    ops.softmaxCrossEntropyGrad(probs, labels, out);
  }

  /** `out[i] = scale · Σⱼ x[i][j]` (SIMD, summed in float64). */
  rowSum(x: WasmTensor, out: WasmTensor, scale = 1): void {
    this.#writes("rowSum", out, x);
    expectShape("Cannot sum rows", "out", out, x.rows, 1);
    this.#kernels.rowSum(x.address, out.address, x.rows, x.cols, scale);
  }

  /** `out = a + alpha · b`. */
  scaledAdd(a: WasmTensor, b: WasmTensor, alpha: number, out: WasmTensor): void {
    this.#writes("scaledAdd", out, a, b);
    ops.scaledAdd(a, b, alpha, out);
  }

  /** `out[j]` = the first row holding column j's largest value (SIMD). */
  argmax(x: WasmTensor, out: WasmTensor): void {
    this.#writes("argmax", out, x);
    expectShape("Cannot take argmax", "out", out, 1, x.cols);
    this.#kernels.argmax(x.address, out.address, x.rows, x.cols);
  }

  /** `out = mean −log(max(probs[label], floor))`. */
  crossEntropy(probs: WasmTensor, labels: WasmTensor, out: WasmTensor): void {
    this.#writes("crossEntropy", out, probs, labels);
    ops.crossEntropy(probs, labels, out);
  }

  /** Checks an op's tensors, then forgets the sparse index of `out`, which the op overwrites. */
  #writes(op: string, out: WasmTensor, ...inputs: WasmTensor[]): void {
    for (const tensor of [out, ...inputs]) own(tensor, `Cannot run ${op}`);
    this.#dropSparse(out);
  }
}

/** Checks that this backend made the tensor and that it is live. */
function own(tensor: Tensor, action: string): void {
  if (!(tensor instanceof WasmTensor)) {
    throw new TypeError(`${action}: the tensor was not created by the wasm backend`);
  }
  if (tensor.disposed) throw new TypeError(`${action}: the tensor was disposed`);
}
