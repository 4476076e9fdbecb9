// Compiles the kernels once and instantiates them over a shared memory. Only
// web-standard APIs (atob, WebAssembly), so it loads in a browser too.
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./_kernels_wasm.ts";

/**
 * The kernels' exports: every argument is a number, an address in the
 * shared memory (see `Heap` in `@simple-mnist/backend-wasm/heap`) or a
 * size. Each kernel's layout and loops are documented in its source under
 * `assembly/`. Public so that a benchmark can time one kernel alone (as
 * `deno task compare-toolchains` does); the backend is the way to use them.
 *
 * @example Count the nonzeros of a few values in the memory
 * ```ts
 * import { Heap } from "@simple-mnist/backend-wasm/heap";
 * import { instantiate, kernelsModule } from "@simple-mnist/backend-wasm/kernels";
 * import assert from "node:assert/strict";
 *
 * const heap = new Heap(1);
 * const kernels = instantiate(kernelsModule(), heap.memory);
 * const x = heap.alloc(4 * 8);
 * heap.f32(x, 8).set([0, 1, 0, 0, 2, 0, 3, 0]);
 * assert.equal(kernels.countNonzeros(x, 8), 3);
 * ```
 */
export interface Kernels {
  /** The number of nonzero f32 values in `[data, data + 4·length)`. */
  countNonzeros(data: number, length: number): number;
  /** Stores the indexing kernels' swizzle tables (528 bytes) at `at`. */
  writeCompactionTables(at: number): void;
  /** Indexes a mostly-zero `rows x cols` matrix by column (u16 rows, f32 values), through slabs of it transposed into `scratch`. */
  indexColumnsByTransposing(
    data: number,
    rows: number,
    cols: number,
    slab: number,
    scratch: number,
    columnStart: number,
    rowIndex: number,
    values: number,
    tables: number,
  ): void;
  /** Indexes a mostly-zero matrix by row, in blocks of `blockCols` columns; returns the end of the entries written (`first` + nonzeros). */
  indexRowBlocks(
    data: number,
    rows: number,
    cols: number,
    blockCols: number,
    rowStart: number,
    columnIndex: number,
    values: number,
    first: number,
    tables: number,
  ): number;
  /** `out = alpha · op(A) · B` for ten rows of A (`At`: op(A) transposed, rows of 12 f32), B indexed by column, for columns `[j0, j1)`. */
  sparseProduct10(
    At: number,
    columnStart: number,
    rowIndex: number,
    values: number,
    out: number,
    outRowStride: number,
    outColStride: number,
    alpha: number,
    j0: number,
    j1: number,
  ): void;
  /** Copies the ten rows of A transposed, rows of 12 f32, for columns `[j0, j1)`: what `sparseProductTransposed10` reads. */
  transposeTo12(
    A: number,
    aRowStride: number,
    aColStride: number,
    out: number,
    j0: number,
    j1: number,
  ): void;
  /** `out = alpha · A · Bᵀ` for ten rows of A (`At` from `transposeTo12`), B indexed by row blocks, for rows of B `[k0, k1)`. */
  sparseProductTransposed10(
    At: number,
    rowStart: number,
    columnIndex: number,
    values: number,
    rows: number,
    cols: number,
    blockCols: number,
    sums: number,
    out: number,
    alpha: number,
    k0: number,
    k1: number,
  ): void;
  /** `out = alpha · A · B` for a small contiguous A (`n x k`) and a wide row-major B, for columns `[j0, j1)`. */
  smallTimesWide(
    A: number,
    n: number,
    k: number,
    B: number,
    p: number,
    out: number,
    alpha: number,
    j0: number,
    j1: number,
  ): void;
  /** `smallTimesWide` for ten rows of A, their sums in ten registers. */
  tenTimesWide(
    A: number,
    k: number,
    B: number,
    p: number,
    out: number,
    alpha: number,
    j0: number,
    j1: number,
  ): void;
  /** `out = alpha · A · Bᵀ` for wide A and B with ten rows of B, for rows of A `[i0, i1)`; `sums` is f64 scratch. */
  wideTimesWideTransposed10(
    A: number,
    B: number,
    m: number,
    out: number,
    alpha: number,
    i0: number,
    i1: number,
    sums: number,
  ): void;
  /** `out = alpha · A · Bᵀ` for wide A and B (dot products of rows), for rows of A `[i0, i1)`. */
  wideTimesWideTransposed(
    A: number,
    B: number,
    q: number,
    m: number,
    out: number,
    alpha: number,
    i0: number,
    i1: number,
  ): void;
  /** `dst(c, r) = alpha · src(r, c)` for rows `[r0, r1)`, in blocks of 16 rows. */
  transposeScaled(
    src: number,
    srcStride: number,
    cols: number,
    dst: number,
    dstStride: number,
    alpha: number,
    r0: number,
    r1: number,
  ): void;
  /** Adds `v · P(r, ·)` into row c of `outT` for the entries `(r, v)` of lists `[c0, c1)` (from zero unless `accumulate`). */
  sparseRowsTimes(
    starts: number,
    index: number,
    values: number,
    c0: number,
    c1: number,
    P: number,
    vectors: number,
    outT: number,
    accumulate: number,
  ): void;
  /** Packs op(A) into panels of four rows, for the row panels `[i0, i1)`. */
  packRows4(
    A: number,
    rowStride: number,
    colStride: number,
    n: number,
    k: number,
    Ap: number,
    i0: number,
    i1: number,
  ): void;
  /** Packs op(B) into panels of eight columns, for the column panels `[j0, j1)`. */
  packColumns8(
    B: number,
    rowStride: number,
    colStride: number,
    k: number,
    p: number,
    Bp: number,
    j0: number,
    j1: number,
  ): void;
  /** `out = alpha · op(A) · op(B)` for the column panels `[j0, j1)`, op(A) packed by `packRows4`, each panel of op(B) packed into `Bp` in turn. */
  panelProduct(
    Ap: number,
    B: number,
    bRowStride: number,
    bColStride: number,
    n: number,
    k: number,
    p: number,
    Bp: number,
    out: number,
    outStride: number,
    alpha: number,
    j0: number,
    j1: number,
  ): void;
  /** `out = alpha · op(A) · B` or `· Bᵀ` by B's lists of nonzeros `[c0, c1)` (by column or by row), P being op(A) transposed. */
  sparseListsProduct(
    starts: number,
    index: number,
    values: number,
    lists: number,
    blocks: number,
    blockCols: number,
    c0: number,
    c1: number,
    P: number,
    vectors: number,
    outT: number,
    n: number,
    out: number,
    outStride: number,
    alpha: number,
  ): void;
  /** Copies `cols` f32 of each row in `[r0, r1)` from `src` to `dst` (row strides in elements). */
  copyRows(
    src: number,
    srcStride: number,
    cols: number,
    dst: number,
    dstStride: number,
    r0: number,
    r1: number,
  ): void;
  /** `out = alpha · x + beta · y` for the f32 elements `[from, to)`, in f64 rounded once. */
  axpby(
    alpha: number,
    x: number,
    beta: number,
    y: number,
    out: number,
    from: number,
    to: number,
  ): void;
  /** `out = a ⊙ b` for the f32 elements `[from, to)`. */
  mul(a: number, b: number, out: number, from: number, to: number): void;
  /** `out = a / (√v + epsilon)` for the f32 elements `[from, to)`, in f64 rounded once. */
  divSqrt(
    a: number,
    v: number,
    epsilon: number,
    out: number,
    from: number,
    to: number,
  ): void;
  /** `out = max(z, 0)` for the f32 elements `[from, to)`. */
  relu(z: number, out: number, from: number, to: number): void;
  /** `out = grad` where `z > 0`, else 0, for the f32 elements `[from, to)`. */
  reluMask(grad: number, z: number, out: number, from: number, to: number): void;
  /** `out[i][j] = x[i][j] + bias[i]` for rows `[i0, i1)`. */
  addBias(x: number, bias: number, out: number, cols: number, i0: number, i1: number): void;
  /** `out[i] = scale · Σⱼ x[i][j]` for rows `[i0, i1)`, chunks summed in f64. */
  rowSum(x: number, out: number, cols: number, scale: number, i0: number, i1: number): void;
  /** `out[j]` = the first row holding column j's largest value, for columns `[j0, j1)`. */
  argmax(x: number, out: number, rows: number, cols: number, j0: number, j1: number): void;
  /** Stores softmax's exp constants (48 bytes) at `at`. */
  writeExpConstants(at: number): void;
  /** Column-wise softmax, each column shifted by its maximum, for columns `[j0, j1)`; `constants` from `writeExpConstants`. */
  softmax(
    z: number,
    out: number,
    rows: number,
    cols: number,
    j0: number,
    j1: number,
    constants: number,
  ): void;
  /** The first column whose label is not an integer in `[0, rows)`, or −1. */
  firstBadLabel(labels: number, rows: number, cols: number): number;
  /** `out = probs − onehot(labels)` for columns `[j0, j1)`. */
  softmaxCrossEntropyGrad(
    probs: number,
    labels: number,
    out: number,
    rows: number,
    cols: number,
    j0: number,
    j1: number,
  ): void;
  /** The product of `max(probs[label][j], floor)` over columns `[j0, j1)`, as a mantissa and a power of two (two f64 at `result`). */
  labelProbabilityProduct(
    probs: number,
    labels: number,
    cols: number,
    floor: number,
    result: number,
    j0: number,
    j1: number,
  ): void;
  /** Rows `[r0, r1)` of im2col's `(C·k·k) x (H′·W′·m)` output: each window's pixels, zero outside the image. */
  im2col(
    x: number,
    m: number,
    C: number,
    H: number,
    W: number,
    k: number,
    s: number,
    pad: number,
    outH: number,
    outW: number,
    out: number,
    r0: number,
    r1: number,
  ): void;
  /** Image rows `[q0, q1)` of col2im's `(C·H·W) x m` output: each pixel the sum of the entries that read it. */
  col2im(
    cols: number,
    m: number,
    C: number,
    H: number,
    W: number,
    k: number,
    s: number,
    pad: number,
    outH: number,
    outW: number,
    out: number,
    q0: number,
    q1: number,
  ): void;
  /** Windows `[w0, w1)` of a max-pool: the largest in-image pixel of each, per sample. */
  maxPool(
    x: number,
    m: number,
    C: number,
    H: number,
    W: number,
    k: number,
    s: number,
    pad: number,
    outH: number,
    outW: number,
    out: number,
    w0: number,
    w1: number,
  ): void;
  /** Channels `[c0, c1)` of a max-pool's gradient: zeroed, then each window's gradient at its first largest pixel. */
  maxPoolGrad(
    grad: number,
    x: number,
    m: number,
    H: number,
    W: number,
    k: number,
    s: number,
    pad: number,
    outH: number,
    outW: number,
    out: number,
    c0: number,
    c1: number,
  ): void;
  /** Copies the f32 elements `[from, to)` of `src` to `dst`. */
  copyFloats(src: number, dst: number, from: number, to: number): void;
  /** `wideTimesWideTransposed`'s sums, bit for bit, blocked so that B is read once per chunk; `sums` is f64 scratch of n·q. */
  wideTimesWideTransposedBlocked(
    A: number,
    B: number,
    q: number,
    m: number,
    out: number,
    alpha: number,
    i0: number,
    i1: number,
    sums: number,
  ): void;
  /** The number of nonzero bytes in `[bytes, bytes + length)`. */
  countNonzeroBytes(bytes: number, length: number): number;
  /** Writes `width` images of `features` bytes dense, scaled through `table` (256 f32), as columns `j0…` of `out` (`cols` columns). */
  scalePixels(
    bytes: number,
    features: number,
    width: number,
    table: number,
    out: number,
    cols: number,
    j0: number,
  ): void;
  /** Indexes `width` images of `features` bytes by column (as columns `j0…`) and by row (one block), in one pass, each value the f32 of its byte in `table`; returns the end of the entries written (`first` + nonzeros). */
  indexPixels(
    bytes: number,
    features: number,
    width: number,
    j0: number,
    columnStart: number,
    rowIndex: number,
    colValues: number,
    first: number,
    rowStart: number,
    columnIndex: number,
    rowValues: number,
    cursors: number,
    table: number,
  ): number;
  /** `indexPixels` with each value kept as its byte. */
  indexPixelsBytes(
    bytes: number,
    features: number,
    width: number,
    j0: number,
    columnStart: number,
    rowIndex: number,
    colValues: number,
    first: number,
    rowStart: number,
    columnIndex: number,
    rowValues: number,
    cursors: number,
    table: number,
  ): number;
  /** Writes a `rows x cols` matrix dense at `out` from its index by column (f32 values). */
  scatterColumns(
    columnStart: number,
    rowIndex: number,
    values: number,
    rows: number,
    cols: number,
    out: number,
  ): void;
  /** `scatterColumns` from an index of byte values, read through `table`. */
  scatterColumnsBytes(
    columnStart: number,
    rowIndex: number,
    values: number,
    rows: number,
    cols: number,
    out: number,
    table: number,
  ): void;
  /** `sparseProduct10` for an index of byte values, read through `table` (256 f32). */
  sparseProduct10Bytes(
    At: number,
    columnStart: number,
    rowIndex: number,
    values: number,
    out: number,
    outRowStride: number,
    outColStride: number,
    alpha: number,
    j0: number,
    j1: number,
    table: number,
  ): void;
  /** `sparseProductTransposed10` for an index of byte values, read through `table` (256 f32). */
  sparseProductTransposed10Bytes(
    At: number,
    rowStart: number,
    columnIndex: number,
    values: number,
    rows: number,
    cols: number,
    blockCols: number,
    sums: number,
    out: number,
    alpha: number,
    k0: number,
    k1: number,
    table: number,
  ): void;
  /** `sparseListsProduct` for an index of byte values, read through `table` (256 f32). */
  sparseListsProductBytes(
    starts: number,
    index: number,
    values: number,
    lists: number,
    blocks: number,
    blockCols: number,
    c0: number,
    c1: number,
    P: number,
    vectors: number,
    outT: number,
    n: number,
    out: number,
    outStride: number,
    alpha: number,
    table: number,
  ): void;
}

/**
 * A kernel's name.
 *
 * @example
 * ```ts
 * import type { KernelName } from "@simple-mnist/backend-wasm/kernels";
 * import assert from "node:assert/strict";
 *
 * const name: KernelName = "softmax";
 * assert.equal(name, "softmax");
 * ```
 */
export type KernelName = keyof Kernels;

const compiled = new Map<boolean, WebAssembly.Module>();

/** The bytes of a base64-encoded module. */
function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/**
 * The compiled module (compiled on first use; it is small): the build with
 * relaxed SIMD (fused multiply-adds) where the engine validates it, else
 * the plain one (or the plain one when `relaxed` is false).
 *
 * @param relaxed Whether to take the relaxed-SIMD build where it validates (default true).
 * @returns The module, the same one on every call with the same `relaxed`.
 *
 * @example
 * ```ts
 * import { kernelsModule } from "@simple-mnist/backend-wasm/kernels";
 * import assert from "node:assert/strict";
 *
 * assert.equal(kernelsModule(false), kernelsModule(false));
 * ```
 */
export function kernelsModule(relaxed = true): WebAssembly.Module {
  let module = compiled.get(relaxed);
  if (module === undefined) {
    const fused = relaxed ? decode(KERNELS_RELAXED_WASM_BASE64) : undefined;
    const bytes = fused !== undefined && WebAssembly.validate(fused)
      ? fused
      : decode(KERNELS_WASM_BASE64);
    compiled.set(relaxed, module = new WebAssembly.Module(bytes));
  }
  return module;
}

/**
 * An instance of the kernels over `memory`.
 *
 * @param module The kernels' module ({@linkcode kernelsModule}).
 * @param memory The shared memory they read and write.
 * @returns The kernels.
 *
 * @example
 * ```ts
 * import { instantiate, kernelsModule } from "@simple-mnist/backend-wasm/kernels";
 * import assert from "node:assert/strict";
 *
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
 * assert.equal(typeof instantiate(kernelsModule(), memory).softmax, "function");
 * ```
 */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as Kernels;
}
