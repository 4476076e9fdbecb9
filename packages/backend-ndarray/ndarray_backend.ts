// @ts-types="@types/ndarray"
import ndarray, { type NdArray } from "ndarray";
import {
  type Backend,
  expectDimensions,
  type MatmulOptions,
  productShape,
  shapeOf,
  type Tensor,
} from "@simple-mnist/backend";
import {
  type CpuBackendOptions,
  cpuBackendOptions,
  type ResolvedCpuBackendOptions,
  sparseColumns,
  WorkerPool,
} from "@simple-mnist/cpu";
import * as ops from "@simple-mnist/backend-js";
import { denseTimesSparse, denseTimesSparseTransposed, type Strided } from "./_kernels.ts";
import type { Job } from "./_jobs.ts";
import { NdarrayTensor } from "./ndarray_tensor.ts";

/**
 * The fast CPU backend: tensors are `ndarray` views over shared
 * `Float32Array`s, transposes are stride views, and the large products run
 * over the typed arrays in float64, skipping zeros.
 *
 * What makes it fast on MNIST: an uploaded tensor that is mostly zeros (the
 * pixels: ~81%) is also kept by columns as its nonzeros, so `W1·X` and
 * `dZ1·Xᵀ` read each sample once, skip every zero pixel, and update the ten
 * hidden units' accumulators side by side. Past a size threshold the second
 * core takes half of the samples in a worker thread (shared memory,
 * `Atomics.wait`), and the partial gradients are summed. The small dense
 * products and the element-wise ops are `@simple-mnist/backend-js`'s.
 *
 * Call {@linkcode NdarrayBackend.close} when done to stop the worker; an
 * idle worker also stops by itself after a second or so.
 *
 * @example
 * ```ts
 * import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
 * import assert from "node:assert/strict";
 *
 * const backend = new NdarrayBackend();
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
export class NdarrayBackend implements Backend<NdarrayTensor> {
  /** Registered as `"ndarray"`. */
  readonly name = "ndarray";
  readonly #options: ResolvedCpuBackendOptions;
  readonly #pool = new WorkerPool<Job>(new URL("./_worker.ts", import.meta.url));
  #At: Float64Array = new Float64Array(0);
  #outT: Float64Array = new Float64Array(0);
  #outT2: Float64Array = new Float64Array(0);
  #acc: Float64Array = new Float64Array(0);
  #denseScratch: Float64Array = new Float64Array(0);

  /**
   * Creates the backend; the worker thread starts on the first large product.
   *
   * @param options Threads and thresholds.
   */
  constructor(options: CpuBackendOptions = {}) {
    this.#options = cpuBackendOptions(options);
  }

  /** Stops the worker thread, if one is running. */
  close(): void {
    this.#pool.close();
  }

  /** Allocates a zero-filled tensor. */
  create(rows: number, cols: number): NdarrayTensor {
    expectDimensions(rows, cols);
    return new NdarrayTensor(rows, cols);
  }

  /** Copies row-major values in; mostly-zero data is also indexed by columns. */
  upload(dst: NdarrayTensor, values: ArrayLike<number>): void {
    const data = own(dst, "upload");
    if (values.length !== data.length) {
      throw new TypeError(
        `Cannot upload: ${values.length} values do not fill a ${shapeOf(dst)} tensor`,
      );
    }
    data.set(values);
    dst.sparse = data.length >= this.#options.sparseMinSize
      ? sparseColumns(data, dst.rows, dst.cols)
      : undefined;
  }

  /** Copies the values out. */
  download(src: NdarrayTensor): Promise<Float32Array> {
    return Promise.resolve(own(src, "download").slice());
  }

  /** Drops the tensor's memory; later use throws. */
  dispose(tensor: NdarrayTensor): void {
    own(tensor, "dispose");
    tensor.disposed = true;
    tensor.sparse = undefined;
    tensor.array = ndarray(new Float32Array(0), [0, 0]);
  }

  /** `out = alpha · op(a) · op(b)`. */
  matmul(
    a: NdarrayTensor,
    b: NdarrayTensor,
    out: NdarrayTensor,
    options: MatmulOptions = {},
  ): void {
    const { transposeA = false, transposeB = false, alpha = 1 } = options;
    for (const tensor of [a, b, out]) own(tensor, "Cannot run matmul");
    productShape(a, b, out, transposeA, transposeB);
    out.sparse = undefined;
    if (b.sparse === undefined) {
      // Dense products (the 10x10 layer) are the pure-TypeScript backend's.
      this.#denseScratch = ops.matmul(a, b, out, options, this.#denseScratch);
      return;
    }
    const A = transposeA ? a.array.transpose(1, 0) : a.array;
    if (transposeB) this.#timesSparseTransposed(A, b, out, alpha);
    else this.#timesSparse(A, b, out, alpha);
  }

  #parallel(b: NdarrayTensor): boolean {
    const { threads, parallelThreshold } = this.#options;
    return threads === 2 && b.sparse!.columnStart[b.cols] >= parallelThreshold &&
      this.#pool.available;
  }

  /** out = alpha·A·b, b sparse by columns: split the columns between the threads. */
  #timesSparse(A: NdArray<Float32Array>, b: NdarrayTensor, out: NdarrayTensor, alpha: number) {
    const [n, inner] = A.shape;
    const p = b.cols;
    this.#At = atLeast(this.#At, inner * n, true);
    const At = this.#At;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < inner; k++) At[k * n + i] = A.get(i, k);
    }
    this.#acc = atLeast(this.#acc, n, false);
    const o = strided(out.array);
    if (!this.#parallel(b)) {
      denseTimesSparse(At, n, b.sparse!, o, alpha, 0, p, this.#acc);
      return;
    }
    const mid = Math.floor(p / 2);
    this.#pool.start({
      kind: "denseTimesSparse",
      At,
      n,
      B: b.sparse!,
      out: o,
      alpha,
      j0: mid,
      j1: p,
    });
    denseTimesSparse(At, n, b.sparse!, o, alpha, 0, mid, this.#acc);
    this.#pool.wait();
  }

  /** out = alpha·A·bᵀ, b sparse by columns: each thread sums its columns, then the two are added. */
  #timesSparseTransposed(
    A: NdArray<Float32Array>,
    b: NdarrayTensor,
    out: NdarrayTensor,
    alpha: number,
  ) {
    const n = A.shape[0];
    const m = b.cols;
    const p = b.rows;
    const size = p * n;
    this.#outT = atLeast(this.#outT, size, true);
    this.#acc = atLeast(this.#acc, n, false);
    const outT = this.#outT;
    outT.fill(0, 0, size);
    const a = strided(A);
    if (!this.#parallel(b)) {
      denseTimesSparseTransposed(a, n, b.sparse!, outT, 0, m, this.#acc);
    } else {
      this.#outT2 = atLeast(this.#outT2, size, true);
      const outT2 = this.#outT2;
      outT2.fill(0, 0, size);
      const mid = Math.floor(m / 2);
      this.#pool.start({
        kind: "denseTimesSparseTransposed",
        A: a,
        n,
        B: b.sparse!,
        outT: outT2,
        j0: mid,
        j1: m,
      });
      denseTimesSparseTransposed(a, n, b.sparse!, outT, 0, mid, this.#acc);
      this.#pool.wait();
      for (let e = 0; e < size; e++) outT[e] += outT2[e];
    }
    const O = out.array.data;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < p; k++) O[i * p + k] = alpha * outT[k * n + i];
    }
  }

  // The element-wise ops are the pure-TypeScript backend's: the tensors are
  // contiguous float32 like its own, and these ops cost little next to the
  // products. Each drops the sparse index of the tensor it overwrites.

  /** `out[i][j] = x[i][j] + bias[i]`. */
  addBias(x: NdarrayTensor, bias: NdarrayTensor, out: NdarrayTensor): void {
    writes("addBias", out, x, bias);
    ops.addBias(x, bias, out);
  }

  /** `out = max(z, 0)`. */
  relu(z: NdarrayTensor, out: NdarrayTensor): void {
    writes("relu", out, z);
    ops.relu(z, out);
  }

  /** `out = grad` where `z > 0`, else 0. */
  reluMask(grad: NdarrayTensor, z: NdarrayTensor, out: NdarrayTensor): void {
    writes("reluMask", out, grad, z);
    ops.reluMask(grad, z, out);
  }

  /** Column-wise softmax, shifted by each column's maximum. */
  softmax(z: NdarrayTensor, out: NdarrayTensor): void {
    writes("softmax", out, z);
    ops.softmax(z, out);
  }

  /** `out = probs − onehot(labels)`. */
  softmaxCrossEntropyGrad(probs: NdarrayTensor, labels: NdarrayTensor, out: NdarrayTensor): void {
    writes("softmaxCrossEntropyGrad", out, probs, labels);
    ops.softmaxCrossEntropyGrad(probs, labels, out);
  }

  /** `out[i] = scale · Σⱼ x[i][j]`. */
  rowSum(x: NdarrayTensor, out: NdarrayTensor, scale = 1): void {
    writes("rowSum", out, x);
    ops.rowSum(x, out, scale);
  }

  /** `out = a + alpha · b`. */
  scaledAdd(a: NdarrayTensor, b: NdarrayTensor, alpha: number, out: NdarrayTensor): void {
    writes("scaledAdd", out, a, b);
    ops.scaledAdd(a, b, alpha, out);
  }

  /** `out[j]` = the first row holding column j's largest value. */
  argmax(x: NdarrayTensor, out: NdarrayTensor): void {
    writes("argmax", out, x);
    ops.argmax(x, out);
  }

  /** `out = mean −log(max(probs[label], floor))`. */
  crossEntropy(probs: NdarrayTensor, labels: NdarrayTensor, out: NdarrayTensor): void {
    writes("crossEntropy", out, probs, labels);
    ops.crossEntropy(probs, labels, out);
  }
}

/** Returns a tensor's contiguous data after checking this backend made it and it is live. */
function own(tensor: Tensor, action: string): Float32Array {
  if (!(tensor instanceof NdarrayTensor)) {
    throw new TypeError(`${action}: the tensor was not created by the ndarray backend`);
  }
  if (tensor.disposed) throw new TypeError(`${action}: the tensor was disposed`);
  return tensor.array.data;
}

/**
 * Checks that an op's tensors are this backend's and live, then forgets the
 * sparse index of `out`, whose values the op is about to replace.
 */
function writes(op: string, out: NdarrayTensor, ...inputs: NdarrayTensor[]): void {
  for (const tensor of [out, ...inputs]) own(tensor, `Cannot run ${op}`);
  out.sparse = undefined;
}

/** The kernels' view of an ndarray: its data and strides. */
function strided(array: NdArray<Float32Array>): Strided {
  return {
    data: array.data,
    offset: array.offset,
    rowStride: array.stride[0],
    colStride: array.stride[1],
  };
}

/** A float64 scratch buffer of at least `size` entries (shared if the worker needs it). */
function atLeast(buffer: Float64Array, size: number, shared: boolean): Float64Array {
  if (buffer.length >= size) return buffer;
  return shared ? new Float64Array(new SharedArrayBuffer(8 * size)) : new Float64Array(size);
}
