// The half-products the worker thread runs (see _worker.ts).
import type { Columns, Strided } from "./_kernels.ts";

/** A half-product for the worker; every array lives in shared memory. */
export type Job =
  | (
    & { n: number; B: Columns; j0: number; j1: number }
    & (
      | { kind: "denseTimesSparse"; At: Float64Array; out: Strided; alpha: number }
      | { kind: "denseTimesSparseTransposed"; A: Strided; outT: Float64Array }
    )
  )
  | {
    kind: "denseTimesDense";
    Ap: Float64Array;
    Bt: Float64Array;
    inner: number;
    p: number;
    out: Float32Array;
    alpha: number;
    i0: number;
    i1: number;
  };
