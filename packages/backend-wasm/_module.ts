// Compiles the kernels once and instantiates them over a shared memory. Only
// web-standard APIs (atob, WebAssembly), so it loads in a browser too.
import { KERNELS_WASM_BASE64 } from "./_kernels_wasm.ts";

/** The kernels' exports (see assembly/kernels.ts). */
export interface Kernels {
  sparseProduct(
    At: number,
    n: number,
    columnStart: number,
    rowIndex: number,
    values: number,
    out: number,
    outRowStride: number,
    outColStride: number,
    alpha: number,
    j0: number,
    j1: number,
    acc: number,
  ): void;
  sparseProductTransposed(
    A: number,
    aRowStride: number,
    aColStride: number,
    n: number,
    columnStart: number,
    rowIndex: number,
    values: number,
    outT: number,
    j0: number,
    j1: number,
    a: number,
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
  wideTimesWideTransposed(
    A: number,
    n: number,
    B: number,
    q: number,
    m: number,
    out: number,
    alpha: number,
  ): void;
  relu(z: number, out: number, length: number): void;
  reluMask(grad: number, z: number, out: number, length: number): void;
  addBias(x: number, bias: number, out: number, rows: number, cols: number): void;
  rowSum(x: number, out: number, rows: number, cols: number, scale: number): void;
  argmax(x: number, out: number, rows: number, cols: number): void;
  softmax(z: number, out: number, rows: number, cols: number): void;
  sparseProduct10f32(
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
  sparseProductTransposed10f32(
    A: number,
    aRowStride: number,
    aColStride: number,
    columnStart: number,
    rowIndex: number,
    values: number,
    inner: number,
    outT: number,
    block: number,
    j0: number,
    j1: number,
  ): void;
}

let compiled: WebAssembly.Module | undefined;

/** The compiled module (compiled on first use; it is small). */
export function kernelsModule(): WebAssembly.Module {
  if (compiled === undefined) {
    const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** An instance of the kernels over `memory`. */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as Kernels;
}
