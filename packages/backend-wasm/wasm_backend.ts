import {
  type Activation,
  labelAt,
  type MatmulOptions,
  OP_CHECKS,
  PIXEL_VALUES,
  type PixelImages,
  PROBABILITY_FLOOR,
  type Tensor,
  type WindowGeometry,
} from "@simple-mnist/backend";
import {
  type CpuBackendOptions,
  cpuBackendOptions,
  Float32Backend,
  matmul,
  type ResolvedCpuBackendOptions,
} from "@simple-mnist/cpu";
import { Heap } from "./heap.ts";
import { instantiate, type KernelName, type Kernels, kernelsModule } from "./kernels.ts";
import { KernelThread } from "./_kernel_thread.ts";
import { stageImages } from "./_stage_images.ts";
import { type WasmSparse, type WasmSparseRows, WasmTensor } from "./wasm_tensor.ts";

/**
 * Options of {@linkcode WasmBackend}: those of every CPU backend, and the
 * block size of the by-row index.
 *
 * @example
 * ```ts
 * import { WasmBackend, type WasmBackendOptions } from "@simple-mnist/backend-wasm";
 *
 * const options: WasmBackendOptions = { threads: 1, blockColumns: 4096 };
 * new WasmBackend(options).close();
 * ```
 */
export interface WasmBackendOptions extends CpuBackendOptions {
  /**
   * Columns (samples) per block when the gradient reads the data by rows
   * (default 8,192, at most 65,536): the ten-unit gradient of 8,192
   * samples, 384 KiB as rows of 12 float32, stays in a core's L2 cache.
   */
  blockColumns?: number;
  /**
   * Where the worker thread's module is (default: `kernel_worker.ts` beside
   * this file, the export `@simple-mnist/backend-wasm/kernel-worker`). A
   * page that bundles the backend bundles that module as its own script and
   * passes that script's URL here.
   */
  workerUrl?: URL;
  /**
   * Whether to use the kernels built with relaxed SIMD, whose products
   * fuse each multiply-add, where the engine has it (default true; false
   * runs the plain build, as an engine without relaxed SIMD does).
   */
  relaxedSimd?: boolean;
}

/**
 * One matmul call with its shapes resolved: `out` (n x p) = alpha ·
 * op(a) (n x inner) · op(b) (inner x p), where
 * op(a)(i, k) = a.data[i·rowStride + k·colStride].
 */
interface Product {
  a: WasmTensor;
  b: WasmTensor;
  out: WasmTensor;
  n: number;
  inner: number;
  p: number;
  rowStride: number;
  colStride: number;
  alpha: number;
  options: MatmulOptions;
}

/** A block of the memory used as scratch, grown on demand. */
interface Scratch {
  address: number;
  bytes: number;
}

/**
 * The WebAssembly backend: tensors live in one shared WebAssembly memory,
 * and the ops run in SIMD kernels compiled from AssemblyScript
 * (`assembly/`). Mostly-zero uploads are indexed by column and by row, so
 * the products with the pixels skip zero pixels (float32 lanes for the
 * seed's ten hidden units, with the gradient's long sums carried in
 * float64). Past a size threshold a worker thread on the second core runs
 * the same kernels over the same memory for half of each op. Only the
 * (tiny) update is `Float32Backend`'s (`@simple-mnist/cpu`), over views of the memory.
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
export class WasmBackend extends Float32Backend<WasmTensor> {
  /** Registered as `"wasm"`. */
  readonly name = "wasm";
  readonly #heap = new Heap();
  readonly #kernels: Kernels;
  readonly #thread: KernelThread;
  readonly #options: ResolvedCpuBackendOptions;
  readonly #blockColumns: number;
  /** Where softmax's exp finds its constants (see assembly/softmax.ts). */
  readonly #expConstants: number;
  /** Where the indexing kernels find their tables (see assembly/sparse_index.ts). */
  readonly #compactionTables: number;
  readonly #scratch = new Map<string, Scratch>();
  /** Where uploadPixels finds each byte's f32 value (256 f32, see assembly/pixel_upload.ts). */
  readonly #pixelTable: number;
  #jsScratch: Float64Array = new Float64Array(0);

  /**
   * Creates the backend and instantiates its kernels; the worker starts on
   * the first large product.
   *
   * @param options Threads and thresholds.
   */
  constructor(options: WasmBackendOptions = {}) {
    super();
    const { blockColumns = 8192 } = options;
    if (!Number.isInteger(blockColumns) || blockColumns < 1 || blockColumns > 0x10000) {
      throw new RangeError(
        `Cannot create the wasm backend: blockColumns must be an integer in [1, 65536], not ${blockColumns}`,
      );
    }
    this.#blockColumns = blockColumns;
    const module = kernelsModule(options.relaxedSimd ?? true);
    this.#kernels = instantiate(module, this.#heap.memory);
    this.#expConstants = this.#heap.alloc(48);
    this.#kernels.writeExpConstants(this.#expConstants);
    this.#compactionTables = this.#heap.alloc(528);
    this.#kernels.writeCompactionTables(this.#compactionTables);
    this.#pixelTable = this.#heap.alloc(4 * 256);
    this.#heap.f32(this.#pixelTable, 256).set(PIXEL_VALUES);
    this.#thread = new KernelThread(
      module,
      this.#heap.memory,
      Object.keys(this.#kernels) as KernelName[],
      { url: options.workerUrl },
    );
    this.#options = cpuBackendOptions(options);
  }

  /** Stops the worker thread, if one is running. */
  close(): void {
    this.#thread.close();
  }

  /** Allocates a zero-filled tensor in the memory. */
  create(rows: number, cols: number): WasmTensor {
    OP_CHECKS.create(rows, cols);
    // A reused block is cleared when first read, not here: an indexed
    // uploadPixels batch never reads it, so its pages stay untouched.
    const { address, zeroed } = this.#heap.allocBlock(4 * rows * cols);
    const tensor = new WasmTensor(rows, cols, this.#heap.memory, address);
    if (!zeroed) tensor.unwritten = clear;
    return tensor;
  }

  /** Copies row-major values in; mostly-zero data is also indexed by its nonzeros. */
  upload(dst: WasmTensor, source: ArrayLike<number>): void {
    own(dst, "Cannot upload");
    OP_CHECKS.upload(dst, source);
    this.#dropSparse(dst, false);
    dst.data.set(source);
    const length = source.length;
    if (length < this.#options.sparseMinSize) return;
    // Indexed with u16 rows: at most 65,536 rows.
    if (dst.rows > 0x10000) return;
    const nonzeros = this.#kernels.countNonzeros(dst.address, length);
    if (2 * nonzeros > length) return;
    // Room for three more entries (the indexing kernels store four at a time).
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(nonzeros + 4, 256)));
    const heap = this.#heap;
    const columnStart = heap.alloc(4 * (dst.cols + 1));
    const rowIndex = heap.alloc(2 * capacity);
    const values = heap.alloc(4 * capacity);
    const slab = Math.min(dst.cols, 1024);
    const byColumns: Parameters<Kernels["indexColumnsByTransposing"]> = [
      dst.address,
      dst.rows,
      dst.cols,
      slab,
      this.#block("indexSlab", 4 * slab * dst.rows),
      columnStart,
      rowIndex,
      values,
      this.#compactionTables,
    ];
    // Both on this thread: handing one index to the worker measured slower
    // (a batch of 128 images: 155 µs on one thread, 277 µs on two, since
    // the worker often took its job late).
    const byRows = this.#indexRows(dst, capacity);
    this.#kernels.indexColumnsByTransposing(...byColumns);
    dst.sparse = { nonzeros, capacity, columnStart, rowIndex, values, byRows };
  }

  /** The nonzeros of `tensor` by row, in blocks of columns. */
  #indexRows(tensor: WasmTensor, capacity: number): WasmSparseRows {
    const { rows, cols } = tensor;
    const blockCols = this.#blockColumns;
    const blocks = Math.max(1, Math.ceil(cols / blockCols));
    const heap = this.#heap;
    const rowStart = heap.alloc(4 * (blocks * rows + 1));
    const columnIndex = heap.alloc(2 * capacity);
    const values = heap.alloc(4 * capacity);
    this.#kernels.indexRowBlocks(
      tensor.address,
      rows,
      cols,
      blockCols,
      rowStart,
      columnIndex,
      values,
      0,
      this.#compactionTables,
    );
    return {
      blockCols,
      blocks,
      rowStart,
      columnIndex,
      values,
      middleRow: this.#middleRow(tensor, rowStart, blocks),
    };
  }

  /** The first row with at least half of the nonzeros before it: the threads' split. */
  #middleRow(tensor: WasmTensor, rowStart: number, blocks: number): number {
    const rows = tensor.rows;
    const starts = this.#heap.u32(rowStart, blocks * rows + 1);
    const nonzeros = starts[blocks * rows];
    let middleRow = 0;
    for (let before = 0; middleRow < rows && 2 * before < nonzeros; middleRow++) {
      for (let b = 0; b < blocks; b++) {
        before += starts[b * rows + middleRow + 1] - starts[b * rows + middleRow];
      }
    }
    return middleRow;
  }

  /**
   * Forgets the tensor's index; `keepValues` false when they are about to
   * be overwritten (so values held only in the index are not written first).
   */
  #dropSparse(tensor: WasmTensor, keepValues = true): void {
    if (!keepValues) tensor.unwritten = undefined;
    const sparse = tensor.sparse;
    if (sparse === undefined) return;
    if (keepValues) void tensor.address;
    const heap = this.#heap;
    const valueBytes = sparse.table === undefined ? 4 : 1;
    heap.free(sparse.columnStart, 4 * (tensor.cols + 1));
    heap.free(sparse.rowIndex, 2 * sparse.capacity);
    heap.free(sparse.values, valueBytes * sparse.capacity);
    const byRows = sparse.byRows;
    heap.free(byRows.rowStart, 4 * (byRows.blocks * tensor.rows + 1));
    heap.free(byRows.columnIndex, 2 * sparse.capacity);
    heap.free(byRows.values, valueBytes * sparse.capacity);
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
    this.#dropSparse(tensor, false);
    this.#heap.free(tensor.block, 4 * tensor.rows * tensor.cols);
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

  /**
   * Where to split [0, count) between the threads for work of this size: a
   * multiple of `align` near the middle, or `count` (all on this thread)
   * when the work is not worth the second one.
   */
  #middle(work: number, count: number, align = 1): number {
    return this.#parallel(work) ? align * Math.floor(count / (2 * align)) : count;
  }

  /** Whether work of this size is worth the second thread. */
  #parallel(work: number): boolean {
    return this.#options.threads === 2 && work >= this.#options.parallelThreshold &&
      this.#thread.available;
  }

  /**
   * Runs `kernel` over the range [0, end), on this thread alone when
   * `middle` (a split point from {@linkcode #middle}) leaves either side
   * empty. Otherwise the range is cut into chunks of about a quarter of
   * `middle` (as aligned as `middle` is, up to 16), which this thread
   * (number 0) and the worker (number 1) claim in turn: on a machine shared
   * with other programs, a thread that is held up does fewer chunks rather
   * than keeping the other waiting. `args` gives a part's arguments, and
   * may give each thread its own scratch; the results must not depend on
   * which thread runs a chunk.
   */
  #halves(
    kernel: KernelName,
    args: (from: number, to: number, thread: 0 | 1) => number[],
    middle: number,
    end: number,
  ): void {
    const run = this.#kernels[kernel] as (...args: number[]) => unknown;
    if (middle <= 0 || middle >= end) {
      run(...args(0, end, 0));
      return;
    }
    let unit = 1;
    while (unit < 16 && middle % (2 * unit) === 0) unit *= 2;
    const size = unit * Math.ceil(middle / (4 * unit));
    // Where a chunk's bounds go among the arguments: the two that follow them.
    const [zeros, bounds] = [args(0, 0, 1), args(1, 2, 1)];
    const from = zeros.findIndex((v, e) => v === 0 && bounds[e] === 1);
    const to = zeros.findIndex((v, e) => v === 0 && bounds[e] === 2);
    this.#thread.share(kernel, zeros, { end, size, from, to });
    const mine = args(0, 0, 0);
    try {
      for (let lo = this.#thread.claim(); lo < end; lo = this.#thread.claim()) {
        mine[from] = lo;
        mine[to] = Math.min(end, lo + size);
        run(...mine);
      }
    } finally {
      this.#thread.finish();
    }
  }

  /**
   * Runs `kernel` over [0, middle) on this thread and [middle, end) on the
   * worker, or all of it here if the worker has not taken its part by the
   * time this thread is done: for kernels whose results depend on how the
   * range is cut (per-thread partial results).
   */
  #fixedHalves(
    kernel: KernelName,
    args: (from: number, to: number, thread: 0 | 1) => number[],
    middle: number,
    end: number,
  ): void {
    const run = this.#kernels[kernel] as (...args: number[]) => unknown;
    if (middle <= 0 || middle >= end) {
      run(...args(0, end, 0));
      return;
    }
    this.#thread.start(kernel, args(middle, end, 1));
    let done = false;
    try {
      run(...args(0, middle, 0));
    } finally {
      done = this.#thread.finish();
    }
    if (!done) run(...args(middle, end, 1));
  }

  /**
   * `out = alpha · op(a) · op(b)`, its shapes checked and `out`'s index
   * dropped by `prepare`: SIMD kernels, which skip zeros when `b` is indexed.
   */
  protected matmulKernel(
    a: WasmTensor,
    b: WasmTensor,
    out: WasmTensor,
    options: MatmulOptions,
  ): void {
    const { transposeA = false, transposeB = false, alpha = 1 } = options;
    const n = out.rows;
    const p = out.cols;
    const inner = transposeA ? a.rows : a.cols;
    const product: Product = {
      a,
      b,
      out,
      n,
      inner,
      p,
      rowStride: transposeA ? 1 : a.cols,
      colStride: transposeA ? a.cols : 1,
      alpha,
      options,
    };
    const sparse = b.sparse;
    if (sparse === undefined) {
      if (this.#seedShaped(product)) this.#denseProduct(product);
      else this.#panelProduct(product);
    } else if (n === 10) {
      if (transposeB) this.#sparseGradient10(product, sparse);
      else this.#sparseProduct10(product, sparse);
    } else this.#sparseListsProduct(product, sparse);
  }

  /**
   * Whether a dense product has the seed's shapes, for which the kernels
   * tuned to ten rows win (ten rows against tens of thousands of samples),
   * or sums so long (past 8,192 terms) that they must be carried in f64.
   */
  #seedShaped(product: Product): boolean {
    const { n, inner, p, options } = product;
    return inner > 8192 || (n === 10 && p > 4096 && !options.transposeB);
  }

  /**
   * op(a) · op(b), dense, any shapes: op(a) packed into panels of four rows
   * (both threads, half of the panels each), then each thread packs its
   * half of op(b)'s panels of eight columns one at a time and multiplies
   * each by all of op(a)'s (a 4x8 tile of sums in registers).
   */
  #panelProduct(product: Product): void {
    const { a, b, out, n, inner, p, rowStride, colStride, alpha, options } = product;
    const transposeB = options.transposeB ?? false;
    const rowPanels = Math.ceil(n / 4);
    const colPanels = Math.ceil(p / 8);
    const Ap = this.#block("panelsA", 16 * inner * rowPanels);
    const work = n * inner * p;
    this.#halves(
      "packRows4",
      (i0, i1) => [a.address, rowStride, colStride, n, inner, Ap, i0, i1],
      this.#middle(work / 4, rowPanels),
      rowPanels,
    );
    const Bp = [this.#block("panelB", 32 * inner), this.#block("panelBWorker", 32 * inner)];
    this.#halves(
      "panelProduct",
      (j0, j1, thread) => [
        Ap,
        b.address,
        transposeB ? 1 : b.cols,
        transposeB ? b.cols : 1,
        n,
        inner,
        p,
        Bp[thread],
        out.address,
        p,
        alpha,
        j0,
        j1,
      ],
      this.#middle(work / 4, colPanels),
      colPanels,
    );
  }

  /** op(a) · op(b) with both dense. */
  #denseProduct(product: Product): void {
    const { a, b, out, n, inner, p, rowStride, colStride, alpha, options } = product;
    const { transposeA = false, transposeB = false } = options;
    if (!transposeB) {
      // op(a) copied contiguous (it is the small operand), then four columns of b per SIMD op.
      const At = this.#block("opA", 4 * n * inner);
      const copy = this.#heap.f32(At, n * inner);
      const A = a.data;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < inner; k++) copy[i * inner + k] = A[i * rowStride + k * colStride];
      }
      const middle = this.#middle(n * inner * p / 20, p, 4);
      if (n === 10) {
        this.#halves(
          "tenTimesWide",
          (j0, j1) => [At, inner, b.address, p, out.address, alpha, j0, j1],
          middle,
          p,
        );
        return;
      }
      this.#halves(
        "smallTimesWide",
        (j0, j1) => [At, n, inner, b.address, p, out.address, alpha, j0, j1],
        middle,
        p,
      );
    } else if (!transposeA) {
      // Dot products of rows: the gradient of W2 (dZ2·A1ᵀ).
      const middle = this.#middle(n * p * inner, n);
      if (p === 10) {
        const sums = [this.#block("dotSums", 80), this.#block("dotSumsWorker", 80)];
        this.#halves(
          "wideTimesWideTransposed10",
          (
            i0,
            i1,
            thread,
          ) => [a.address, b.address, inner, out.address, alpha, i0, i1, sums[thread]],
          middle,
          n,
        );
        return;
      }
      // Chunk by chunk, two rows of a by four of b (assembly/long_products.ts):
      // b is read once per chunk, not once per row of a.
      const sums = this.#block("longSums", 8 * n * p);
      this.#halves(
        "wideTimesWideTransposedBlocked",
        (i0, i1) => [a.address, b.address, p, inner, out.address, alpha, i0, i1, sums],
        this.#middle(n * p * inner, n, 2),
        n,
      );
    } else {
      this.#jsScratch = matmul(a, b, out, options, this.#jsScratch);
    }
  }

  /**
   * op(a) · b for the seed's ten rows, b indexed by columns: op(a)
   * transposed into rows of 12 float32 (two lanes of padding), each
   * column's nonzeros read once, ten sums in three f32x4.
   */
  #sparseProduct10(product: Product, sparse: WasmSparse): void {
    const { a, out, n, inner, p, rowStride, colStride, alpha } = product;
    const { columnStart, rowIndex, values, nonzeros } = sparse;
    const At = this.#block("At12", 4 * inner * 12);
    const at = this.#heap.f32(At, inner * 12).fill(0);
    const A = a.data;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < inner; k++) at[k * 12 + i] = A[i * rowStride + k * colStride];
    }
    const table = sparse.table;
    this.#halves(
      table === undefined ? "sparseProduct10" : "sparseProduct10Bytes",
      (j0, j1) => [
        At,
        columnStart,
        rowIndex,
        values,
        out.address,
        p,
        1,
        alpha,
        j0,
        j1,
        ...withTable(table),
      ],
      this.#middle(nonzeros, p),
      p,
    );
  }

  /**
   * op(a) · b or op(a) · bᵀ for any rows, b indexed: op(a) transposed (rows
   * of its n values padded to a multiple of four), then each list of b's
   * nonzeros (by column for op(a)·b, by row for op(a)·bᵀ) adds the rows it
   * names into sums held in registers, which each thread transposes into
   * its columns of out.
   */
  #sparseListsProduct(product: Product, sparse: WasmSparse): void {
    const { a, out, n, inner, p, rowStride, colStride, alpha, options } = product;
    const vectors = Math.ceil(n / 4);
    const width = 4 * vectors;
    let P: number;
    if (rowStride === 1 && n === width) {
      P = a.address;
    } else {
      P = this.#block("listsP", 4 * inner * width);
      if (colStride === 1) {
        this.#halves(
          "transposeScaled",
          (r0, r1) => [a.address, rowStride, inner, P, width, 1, r0, r1],
          this.#middle(n * inner, n, 16),
          n,
        );
      } else {
        this.#halves(
          "copyRows",
          (r0, r1) => [a.address, colStride, n, P, width, r0, r1],
          this.#middle(n * inner, inner),
          inner,
        );
      }
    }
    const outT = this.#block("listsOutT", 4 * p * width);
    const byRows = options.transposeB ?? false;
    const rows = sparse.byRows;
    const [starts, index, values, blocks, blockCols, middle] = byRows
      ? [
        rows.rowStart,
        rows.columnIndex,
        rows.values,
        rows.blocks,
        rows.blockCols,
        this.#parallel(sparse.nonzeros * vectors) ? rows.middleRow : p,
      ]
      : [
        sparse.columnStart,
        sparse.rowIndex,
        sparse.values,
        1,
        0,
        this.#middle(sparse.nonzeros * vectors, p, 16),
      ];
    this.#halves(
      sparse.table === undefined ? "sparseListsProduct" : "sparseListsProductBytes",
      (c0, c1) => [
        starts,
        index,
        values,
        p,
        blocks,
        blockCols,
        c0,
        c1,
        P,
        vectors,
        outT,
        n,
        out.address,
        p,
        alpha,
        ...withTable(sparse.table),
      ],
      middle,
      p,
    );
  }

  /**
   * op(a) · bᵀ for the seed's ten rows (the gradient of W1, dZ1·Xᵀ): op(a)
   * transposed into rows of 12 float32, then each row of b's nonzeros
   * gathers from it, one thread per half of the rows.
   */
  #sparseGradient10(product: Product, sparse: WasmSparse): void {
    const { a, b, out, p, rowStride, colStride, alpha } = product;
    const rows = sparse.byRows;
    const m = b.cols;
    const parallel = this.#parallel(sparse.nonzeros);
    const At = this.#block("At12", 48 * m);
    this.#halves(
      "transposeTo12",
      (j0, j1) => [a.address, rowStride, colStride, At, j0, j1],
      parallel ? m >> 1 : m,
      m,
    );
    const sums = this.#block("sums", 80 * p);
    this.#halves(
      sparse.table === undefined ? "sparseProductTransposed10" : "sparseProductTransposed10Bytes",
      (k0, k1) => [
        At,
        rows.rowStart,
        rows.columnIndex,
        rows.values,
        p,
        m,
        rows.blockCols,
        sums,
        out.address,
        alpha,
        k0,
        k1,
        ...withTable(sparse.table),
      ],
      parallel ? rows.middleRow : p,
      p,
    );
  }

  // The element-wise ops run in SIMD kernels, except the activations other
  // than ReLU, and sumSquares, which are Float32Backend's
  // plain loops over views of the memory. Float32Backend's public ops check
  // the shapes (OP_CHECKS) and run `prepare`, which drops the sparse index
  // of the tensor an op overwrites, before they call these kernels.

  /** `out[i][j] = x[i][j] + bias[i]` (SIMD). */
  protected override addBiasKernel(x: WasmTensor, bias: WasmTensor, out: WasmTensor): void {
    const { rows, cols } = x;
    this.#halves(
      "addBias",
      (i0, i1) => [x.address, bias.address, out.address, cols, i0, i1],
      this.#middle(rows * cols, rows),
      rows,
    );
  }

  /** `out = g(z)`: SIMD for ReLU; the other activations are Float32Backend's. */
  protected override activateKernel(z: WasmTensor, out: WasmTensor, activation: Activation): void {
    if (activation !== "relu") return super.activateKernel(z, out, activation);
    const length = z.rows * z.cols;
    this.#halves(
      "relu",
      (from, to) => [z.address, out.address, from, to],
      this.#middle(length, length, 4),
      length,
    );
  }

  /** `out = grad ⊙ g′(z)`: SIMD for ReLU; the other activations are Float32Backend's. */
  protected override activateGradKernel(
    grad: WasmTensor,
    z: WasmTensor,
    out: WasmTensor,
    activation: Activation,
  ): void {
    if (activation !== "relu") return super.activateGradKernel(grad, z, out, activation);
    const length = z.rows * z.cols;
    this.#halves(
      "reluMask",
      (from, to) => [grad.address, z.address, out.address, from, to],
      this.#middle(length, length, 4),
      length,
    );
  }

  /** Column-wise softmax, shifted by each column's maximum (SIMD, with a polynomial exp). */
  protected override softmaxKernel(z: WasmTensor, out: WasmTensor): void {
    const { rows, cols } = z;
    this.#halves(
      "softmax",
      (j0, j1) => [z.address, out.address, rows, cols, j0, j1, this.#expConstants],
      this.#middle(rows * cols, cols, 4),
      cols,
    );
  }

  /** `out = probs − onehot(labels)` (SIMD). */
  protected override softmaxCrossEntropyGradKernel(
    probs: WasmTensor,
    labels: WasmTensor,
    out: WasmTensor,
  ): void {
    this.#checkLabels(labels, probs.rows);
    const { rows, cols } = probs;
    this.#halves(
      "softmaxCrossEntropyGrad",
      (j0, j1) => [probs.address, labels.address, out.address, rows, cols, j0, j1],
      this.#middle(rows * cols, cols, 4),
      cols,
    );
  }

  /** `out[i] = scale · Σⱼ x[i][j]` (SIMD, summed in float64). */
  protected override rowSumKernel(x: WasmTensor, out: WasmTensor, scale: number): void {
    this.#halves(
      "rowSum",
      (i0, i1) => [x.address, out.address, x.cols, scale, i0, i1],
      this.#middle(x.rows * x.cols, x.rows),
      x.rows,
    );
  }

  /** `out = alpha · x + beta · y` (SIMD, in float64 rounded once, as Float32Backend's). */
  protected override axpbyKernel(
    alpha: number,
    x: WasmTensor,
    beta: number,
    y: WasmTensor,
    out: WasmTensor,
  ): void {
    const length = x.rows * x.cols;
    this.#halves(
      "axpby",
      (from, to) => [alpha, x.address, beta, y.address, out.address, from, to],
      this.#middle(length, length, 4),
      length,
    );
  }

  /** `out = a ⊙ b` (SIMD). */
  protected override mulKernel(a: WasmTensor, b: WasmTensor, out: WasmTensor): void {
    const length = a.rows * a.cols;
    this.#halves(
      "mul",
      (from, to) => [a.address, b.address, out.address, from, to],
      this.#middle(length, length, 4),
      length,
    );
  }

  /** `out = a / (√v + epsilon)` (SIMD, in float64 rounded once, as Float32Backend's). */
  protected override divSqrtKernel(
    a: WasmTensor,
    v: WasmTensor,
    epsilon: number,
    out: WasmTensor,
  ): void {
    const length = a.rows * a.cols;
    this.#halves(
      "divSqrt",
      (from, to) => [a.address, v.address, epsilon, out.address, from, to],
      this.#middle(length, length, 4),
      length,
    );
  }

  /** `out[j]` = the first row holding column j's largest value (SIMD). */
  protected override argmaxKernel(x: WasmTensor, out: WasmTensor): void {
    const { rows, cols } = x;
    this.#halves(
      "argmax",
      (j0, j1) => [x.address, out.address, rows, cols, j0, j1],
      this.#middle(rows * cols, cols, 4),
      cols,
    );
  }

  /**
   * `out = mean −log(max(probs[label], floor))`: the kernels multiply the
   * probabilities, carrying the power of two apart, so one log remains.
   */
  protected override crossEntropyKernel(
    probs: WasmTensor,
    labels: WasmTensor,
    out: WasmTensor,
  ): void {
    this.#checkLabels(labels, probs.rows);
    const cols = probs.cols;
    const results = this.#block("logProducts", 32);
    this.#heap.f64(results, 4).set([1, 0, 1, 0]);
    this.#fixedHalves(
      "labelProbabilityProduct",
      (j0, j1, thread) => [
        probs.address,
        labels.address,
        cols,
        PROBABILITY_FLOOR,
        results + 16 * thread,
        j0,
        j1,
      ],
      this.#middle(probs.rows * cols, cols),
      cols,
    );
    const [mantissa, power, workerMantissa, workerPower] = this.#heap.f64(results, 4);
    const logSum = Math.log(mantissa) + Math.log(workerMantissa) +
      (power + workerPower) * Math.LN2;
    out.data[0] = -logSum / cols;
  }

  /** Throws labelAt's error for the first label that is not a class index. */
  #checkLabels(labels: WasmTensor, classes: number): void {
    const bad = this.#kernels.firstBadLabel(labels.address, classes, labels.cols);
    if (bad >= 0) labelAt(labels.data[bad], bad, classes);
  }

  // The window ops of convolutional nets: SIMD kernels (assembly/windows.ts)
  // over ranges of their output's rows, shared by both threads; each
  // output row is written by one thread, so the results do not depend on
  // the split. They are bound by memory, so the second thread joins at four
  // times the threshold of the products (conv_ops_bench.ts: the anchor's
  // first max-pool over 1.2M values, 538 → 312 µs on two threads; its second,
  // over 262k, 91 → 136 µs).

  /** The geometry as the window kernels take it: C, H, W, k, s, pad, H′, W′. */
  #geometry(g: WindowGeometry): number[] {
    return [g.channels, g.height, g.width, g.kernel, g.stride, g.pad, g.outHeight, g.outWidth];
  }

  /** Each window's pixels as a column (SIMD copies of each pixel's samples), by rows of `out`. */
  protected override im2colKernel(x: WasmTensor, g: WindowGeometry, out: WasmTensor): void {
    const rows = out.rows;
    const geometry = this.#geometry(g);
    this.#halves(
      "im2col",
      (r0, r1) => [x.address, x.cols, ...geometry, out.address, r0, r1],
      this.#middle(rows * out.cols / 4, rows),
      rows,
    );
  }

  /** Each pixel the sum of the entries that read it (a SIMD gather), by rows of `out`. */
  protected override col2imKernel(cols: WasmTensor, g: WindowGeometry, out: WasmTensor): void {
    const rows = out.rows;
    const geometry = this.#geometry(g);
    this.#halves(
      "col2im",
      (q0, q1) => [cols.address, out.cols, ...geometry, out.address, q0, q1],
      this.#middle(cols.rows * cols.cols / 4, rows),
      rows,
    );
  }

  /** The largest in-image pixel of each window (SIMD), by windows. */
  protected override maxPoolKernel(x: WasmTensor, g: WindowGeometry, out: WasmTensor): void {
    const windows = out.rows;
    const geometry = this.#geometry(g);
    this.#halves(
      "maxPool",
      (w0, w1) => [x.address, x.cols, ...geometry, out.address, w0, w1],
      this.#middle(x.rows * x.cols / 4, windows),
      windows,
    );
  }

  /** Each window's gradient at its first largest pixel (SIMD selects), by channels. */
  protected override maxPoolGradKernel(
    grad: WasmTensor,
    x: WasmTensor,
    g: WindowGeometry,
    out: WasmTensor,
  ): void {
    const geometry = this.#geometry(g).slice(1);
    this.#halves(
      "maxPoolGrad",
      (c0, c1) => [grad.address, x.address, x.cols, ...geometry, out.address, c0, c1],
      this.#middle(x.rows * x.cols / 4, g.channels),
      g.channels,
    );
  }

  /**
   * `src`'s values in `out` (memory.copy), on this thread: a copy is bound
   * by memory, and sharing it measured no faster (16x73728 floats: 164 µs
   * on one thread, 185 µs on two).
   */
  protected override reshapeKernel(src: WasmTensor, out: WasmTensor): void {
    this.#kernels.copyFloats(src.address, out.address, 0, src.rows * src.cols);
  }

  /**
   * A batch from bytes, in WebAssembly: slab by slab (a block of the by-row
   * index, `blockColumns` images), the images are copied into the memory
   * byte for byte, then scaled (through the table of p / 255) and indexed
   * by column and by row in one pass (assembly/pixel_upload.ts), with the
   * same rule as `upload` for which batches are indexed, and the same
   * indexes, so the products give the same bits. An indexed batch's dense
   * values are written only if something reads them (`WasmTensor.address`).
   */
  protected override uploadPixelsKernel(
    dst: WasmTensor,
    images: PixelImages,
    indices: ArrayLike<number>,
  ): void {
    own(dst, "Cannot upload pixels");
    this.#dropSparse(dst, false);
    const { rows, cols } = dst;
    const length = rows * cols;
    const slab = this.#blockColumns;
    const slabs = Math.max(1, Math.ceil(cols / slab));
    const kernels = this.#kernels;
    const heap = this.#heap;
    const bytes = this.#block("pixelBytes", Math.min(slab, cols) * rows);
    const stage = (j0: number, j1: number) =>
      stageImages(
        images,
        indices,
        j0,
        j1,
        new Uint8Array(heap.memory.buffer, bytes, (j1 - j0) * rows),
      );
    const slabEnd = (j0: number) => Math.min(cols, j0 + slab);
    let nonzeros = length;
    const indexable = length >= this.#options.sparseMinSize && rows <= 0x10000;
    if (indexable) {
      nonzeros = 0;
      for (let j0 = 0; j0 < cols; j0 += slab) {
        stage(j0, slabEnd(j0));
        nonzeros += kernels.countNonzeroBytes(bytes, (slabEnd(j0) - j0) * rows);
      }
    }
    // Staged already when there is one slab and it was counted.
    const staged = indexable && slabs === 1;
    if (!indexable || 2 * nonzeros > length) {
      for (let j0 = 0; j0 < cols; j0 += slab) {
        if (!staged) stage(j0, slabEnd(j0));
        kernels.scalePixels(bytes, rows, slabEnd(j0) - j0, this.#pixelTable, dst.block, cols, j0);
      }
      return;
    }
    const capacity = pixelIndexCapacity(nonzeros);
    // Bytes for the values where memory counts (a full batch, an evaluation
    // chunk); f32 for a mini-batch, whose products read them 7–20% faster.
    const bytesValued = nonzeros > BYTE_VALUES_FROM;
    const valueBytes = bytesValued ? 1 : 4;
    const columnStart = heap.alloc(4 * (cols + 1));
    const rowIndex = heap.alloc(2 * capacity);
    const values = heap.alloc(valueBytes * capacity);
    const rowStart = heap.alloc(4 * (slabs * rows + 1));
    const columnIndex = heap.alloc(2 * capacity);
    const rowValues = heap.alloc(valueBytes * capacity);
    const cursors = this.#block("pixelCursors", 4 * rows);
    let end = 0;
    for (let b = 0, j0 = 0; j0 < cols; b++, j0 += slab) {
      if (!staged) stage(j0, slabEnd(j0));
      end = kernels[bytesValued ? "indexPixelsBytes" : "indexPixels"](
        bytes,
        rows,
        slabEnd(j0) - j0,
        j0,
        columnStart,
        rowIndex,
        values,
        end,
        rowStart + 4 * b * rows,
        columnIndex,
        rowValues,
        cursors,
        this.#pixelTable,
      );
    }
    const byRows: WasmSparseRows = {
      blockCols: slab,
      blocks: slabs,
      rowStart,
      columnIndex,
      values: rowValues,
      middleRow: this.#middleRow(dst, rowStart, slabs),
    };
    const table = bytesValued ? this.#pixelTable : undefined;
    dst.sparse = { nonzeros, capacity, columnStart, rowIndex, values, byRows, table };
    dst.unwritten = (tensor) =>
      table === undefined
        ? kernels.scatterColumns(columnStart, rowIndex, values, rows, cols, tensor.block)
        : kernels.scatterColumnsBytes(
          columnStart,
          rowIndex,
          values,
          rows,
          cols,
          tensor.block,
          table,
        );
  }

  /** Checks an op's tensors, then forgets the sparse index of `out`, which the op overwrites. */
  protected prepare(op: string, out: WasmTensor, ...inputs: WasmTensor[]): void {
    for (const tensor of [out, ...inputs]) own(tensor, `Cannot run ${op}`);
    this.#dropSparse(out);
  }
}

/**
 * Past this many nonzeros (a million: a 12 MB index in f32), an
 * uploadPixels index keeps its values as bytes (6 MB).
 */
const BYTE_VALUES_FROM = 2 ** 20;

/**
 * Entries to allocate for an index of `nonzeros` (room for four more, as
 * the indexing kernels need): a power of two, as `upload` takes, so that
 * batch after batch reuses the same blocks (the heap reuses blocks of one
 * size), but past a million entries the next of eight sizes per power of
 * two, so that a whole training set's index takes at most an eighth more
 * than it needs, not up to twice, and chunks of one size still share blocks.
 */
function pixelIndexCapacity(nonzeros: number): number {
  const needed = Math.max(nonzeros + 4, 256);
  if (needed <= 2 ** 20) return 2 ** Math.ceil(Math.log2(needed));
  const eighth = 2 ** (Math.floor(Math.log2(needed)) - 3);
  return eighth * Math.ceil(needed / eighth);
}

/** The trailing `table` argument of a *Bytes product kernel, for an index of byte values. */
function withTable(table: number | undefined): number[] {
  return table === undefined ? [] : [table];
}

/** Writes a tensor's zeros (`unwritten` of a tensor created on a reused block). */
function clear(tensor: WasmTensor): void {
  tensor.data.fill(0);
}

/** Checks that this backend made the tensor and that it is live. */
function own(tensor: Tensor, action: string): void {
  if (!(tensor instanceof WasmTensor)) {
    throw new TypeError(`${action}: the tensor was not created by the wasm backend`);
  }
  if (tensor.disposed) throw new TypeError(`${action}: the tensor was disposed`);
}
