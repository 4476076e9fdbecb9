// @ts-types="@types/ndarray"
import ndarray, { type NdArray } from "ndarray";
import {
  type MatmulOptions,
  OP_CHECKS,
  type PixelImages,
  type Tensor,
} from "@simple-mnist/backend";
import {
  type ColumnStorage,
  type CpuBackendOptions,
  cpuBackendOptions,
  type ResolvedCpuBackendOptions,
  sparseColumns,
  WorkerPool,
} from "@simple-mnist/cpu";
import { Float32Backend } from "@simple-mnist/cpu";
import {
  denseTimesDense,
  denseTimesSparse,
  denseTimesSparseTransposed,
  packRows,
  type Strided,
} from "./_kernels.ts";
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
 * `Atomics.wait`), and the partial gradients are summed. The element-wise
 * ops are `Float32Backend`'s (`@simple-mnist/cpu`).
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
export class NdarrayBackend extends Float32Backend<NdarrayTensor> {
  /** Registered as `"ndarray"`. */
  readonly name = "ndarray";
  readonly #options: ResolvedCpuBackendOptions;
  readonly #pool = new WorkerPool<Job>(new URL("./_worker.ts", import.meta.url));
  #At: Float64Array = new Float64Array(0);
  #outT: Float64Array = new Float64Array(0);
  #outT2: Float64Array = new Float64Array(0);
  #acc: Float64Array = new Float64Array(0);
  /** Each tensor's index arrays, reused upload after upload (a batch's). */
  readonly #indexStorage = new WeakMap<NdarrayTensor, ReusedStorage>();
  #Ap: Float64Array = new Float64Array(0);
  #Bt: Float64Array = new Float64Array(0);

  /**
   * Creates the backend; the worker thread starts on the first large product.
   *
   * @param options Threads and thresholds.
   */
  constructor(options: CpuBackendOptions = {}) {
    super();
    this.#options = cpuBackendOptions(options);
  }

  /** Stops the worker thread, if one is running. */
  close(): void {
    this.#pool.close();
  }

  /** Allocates a zero-filled tensor. */
  create(rows: number, cols: number): NdarrayTensor {
    OP_CHECKS.create(rows, cols);
    return new NdarrayTensor(rows, cols);
  }

  /** Copies row-major values in; mostly-zero data is also indexed by columns. */
  upload(dst: NdarrayTensor, values: ArrayLike<number>): void {
    const data = own(dst, "upload");
    OP_CHECKS.upload(dst, values);
    data.set(values);
    this.#index(dst, data);
  }

  /** Indexes a mostly-zero upload by columns (what `upload` does after copying). */
  #index(dst: NdarrayTensor, data: Float32Array): void {
    if (data.length < this.#options.sparseMinSize) {
      dst.sparse = undefined;
      return;
    }
    let storage = this.#indexStorage.get(dst);
    if (storage === undefined) this.#indexStorage.set(dst, storage = new ReusedStorage());
    dst.sparse = sparseColumns(data, dst.rows, dst.cols, storage);
  }

  /** The batch gathered from bytes by `Float32Backend`'s loop, then indexed as `upload` indexes. */
  protected override uploadPixelsKernel(
    dst: NdarrayTensor,
    images: PixelImages,
    indices: ArrayLike<number>,
  ): void {
    super.uploadPixelsKernel(dst, images, indices);
    this.#index(dst, own(dst, "uploadPixels"));
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

  /** `out = alpha · op(a) · op(b)`, its shapes checked and `out`'s index dropped by `prepare`. */
  protected matmulKernel(
    a: NdarrayTensor,
    b: NdarrayTensor,
    out: NdarrayTensor,
    options: MatmulOptions,
  ): void {
    const { transposeA = false, transposeB = false, alpha = 1 } = options;
    const A = transposeA ? a.array.transpose(1, 0) : a.array;
    if (b.sparse === undefined) {
      this.#timesDense(A, transposeB ? b.array.transpose(1, 0) : b.array, out, alpha);
      return;
    }
    if (transposeB) this.#timesSparseTransposed(A, b, out, alpha);
    else this.#timesSparse(A, b, out, alpha);
  }

  /**
   * out = alpha·A·B, both dense: A packed by rows and B by columns into
   * float64, then blocks of 2x4 sums; past the threshold (in multiply-adds)
   * the worker takes the second half of the rows.
   */
  #timesDense(
    A: NdArray<Float32Array>,
    B: NdArray<Float32Array>,
    out: NdarrayTensor,
    alpha: number,
  ): void {
    const [n, inner] = A.shape;
    const p = B.shape[1];
    this.#Ap = atLeast(this.#Ap, n * inner, true);
    this.#Bt = atLeast(this.#Bt, p * inner, true);
    packRows(strided(A), n, inner, this.#Ap);
    packRows(strided(B.transpose(1, 0)), p, inner, this.#Bt);
    const O = out.array.data;
    const { threads, parallelThreshold } = this.#options;
    if (threads === 1 || n < 4 || n * inner * p < 4 * parallelThreshold || !this.#pool.available) {
      denseTimesDense(this.#Ap, this.#Bt, inner, p, O, alpha, 0, n);
      return;
    }
    const mid = 2 * Math.floor(n / 4);
    this.#pool.start({
      kind: "denseTimesDense",
      Ap: this.#Ap,
      Bt: this.#Bt,
      inner,
      p,
      out: O,
      alpha,
      i0: mid,
      i1: n,
    });
    denseTimesDense(this.#Ap, this.#Bt, inner, p, O, alpha, 0, mid);
    this.#pool.wait();
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
    const { data, offset, rowStride, colStride } = strided(A);
    for (let i = 0; i < n; i++) {
      const row = offset + i * rowStride;
      for (let k = 0; k < inner; k++) At[k * n + i] = data[row + k * colStride];
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

  // The element-wise ops are Float32Backend's plain loops, as the js
  // backend's: the tensors are contiguous float32 like its own, and these
  // ops cost little next to the products.

  /** Checks an op's tensors, and drops the sparse index of `out`, which it overwrites. */
  protected prepare(op: string, out: NdarrayTensor, ...inputs: NdarrayTensor[]): void {
    writes(op, out, ...inputs);
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

/**
 * Index arrays in shared memory that grow to powers of two and are reused:
 * a new SharedArrayBuffer for every batch's index cost milliseconds.
 */
class ReusedStorage implements ColumnStorage {
  #u32: Uint32Array = new Uint32Array(0);
  #u16: Uint16Array = new Uint16Array(0);
  #f32: Float32Array = new Float32Array(0);

  u32(length: number): Uint32Array {
    if (this.#u32.length < length) this.#u32 = new Uint32Array(sharedBytes(4, length));
    return this.#u32.subarray(0, length);
  }

  u16(length: number): Uint16Array {
    if (this.#u16.length < length) this.#u16 = new Uint16Array(sharedBytes(2, length));
    return this.#u16.subarray(0, length);
  }

  f32(length: number): Float32Array {
    if (this.#f32.length < length) this.#f32 = new Float32Array(sharedBytes(4, length));
    return this.#f32.subarray(0, length);
  }
}

/** Shared memory for at least `length` values of `size` bytes, a power of two of them. */
function sharedBytes(size: number, length: number): SharedArrayBuffer {
  return new SharedArrayBuffer(size * 2 ** Math.ceil(Math.log2(Math.max(length, 1))));
}

/** A float64 scratch buffer of at least `size` entries (shared if the worker needs it). */
function atLeast(buffer: Float64Array, size: number, shared: boolean): Float64Array {
  if (buffer.length >= size) return buffer;
  return shared ? new Float64Array(new SharedArrayBuffer(8 * size)) : new Float64Array(size);
}
