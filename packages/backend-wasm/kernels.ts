// Compiles the kernels once and instantiates them over a shared memory. Only
// web-standard APIs (atob, WebAssembly), so it loads in a browser too.
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./_kernels_wasm.ts";

/** The kernels' exports (see assembly/kernels.ts and the files it re-exports). */
export interface Kernels {
  countNonzeros(data: number, length: number): number;
  writeCompactionTables(at: number): void;
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
  transposeTo12(
    A: number,
    aRowStride: number,
    aColStride: number,
    out: number,
    j0: number,
    j1: number,
  ): void;
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
  copyRows(
    src: number,
    srcStride: number,
    cols: number,
    dst: number,
    dstStride: number,
    r0: number,
    r1: number,
  ): void;
  axpby(
    alpha: number,
    x: number,
    beta: number,
    y: number,
    out: number,
    from: number,
    to: number,
  ): void;
  mul(a: number, b: number, out: number, from: number, to: number): void;
  divSqrt(
    a: number,
    v: number,
    epsilon: number,
    out: number,
    from: number,
    to: number,
  ): void;
  relu(z: number, out: number, from: number, to: number): void;
  reluMask(grad: number, z: number, out: number, from: number, to: number): void;
  addBias(x: number, bias: number, out: number, cols: number, i0: number, i1: number): void;
  rowSum(x: number, out: number, cols: number, scale: number, i0: number, i1: number): void;
  argmax(x: number, out: number, rows: number, cols: number, j0: number, j1: number): void;
  writeExpConstants(at: number): void;
  softmax(
    z: number,
    out: number,
    rows: number,
    cols: number,
    j0: number,
    j1: number,
    constants: number,
  ): void;
  firstBadLabel(labels: number, rows: number, cols: number): number;
  softmaxCrossEntropyGrad(
    probs: number,
    labels: number,
    out: number,
    rows: number,
    cols: number,
    j0: number,
    j1: number,
  ): void;
  labelProbabilityProduct(
    probs: number,
    labels: number,
    cols: number,
    floor: number,
    result: number,
    j0: number,
    j1: number,
  ): void;
}

/** A kernel's name. */
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

/** An instance of the kernels over `memory`. */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as Kernels;
}
