// What the conformance cases share: building a backend's tensors from
// reference matrices, reading them back, and comparing within float32's reach.
import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import type { Backend } from "./backend.ts";
import type { Tensor } from "./tensor.ts";
import type * as ref from "./_reference.ts";

/** One named check of one op. */
export interface ConformanceCase {
  readonly name: string;
  readonly run: (backend: Backend) => Promise<void>;
}

export type Matrix = ref.Matrix;

export function matrix(rows: number, cols: number, values: number[]): Matrix {
  assert.equal(values.length, rows * cols, "test matrix has the wrong number of values");
  return { rows, cols, values };
}

/** Random values in [-1, 1); `zeros` is the fraction set to exactly 0, as in MNIST's pixels. */
export function random(rows: number, cols: number, seed: number, zeros = 0): Matrix {
  const prng = seededPrng(seed);
  const values = Array.from({ length: rows * cols }, () => {
    const x = 2 * prng() - 1;
    return prng() < zeros ? 0 : x;
  });
  return { rows, cols, values };
}

export function put(backend: Backend, m: Matrix): Tensor {
  const tensor = backend.create(m.rows, m.cols);
  backend.upload(tensor, m.values);
  return tensor;
}

export async function get(backend: Backend, tensor: Tensor): Promise<Matrix> {
  const values = await backend.download(tensor);
  assert.equal(values.length, tensor.rows * tensor.cols, "download returned the wrong length");
  return { rows: tensor.rows, cols: tensor.cols, values: [...values] };
}

/** Float32 results against float64 references: |actual − expected| ≤ tol · (1 + |expected|). */
export function assertClose(actual: Matrix, expected: Matrix, tol = 1e-5): void {
  assert.equal(`${actual.rows}x${actual.cols}`, `${expected.rows}x${expected.cols}`, "shape");
  for (let n = 0; n < expected.values.length; n++) {
    const a = actual.values[n];
    const e = expected.values[n];
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) {
      const i = Math.floor(n / expected.cols);
      const j = n % expected.cols;
      assert.fail(`value at [${i}][${j}] is ${a} but expected ${e} (tolerance ${tol})`);
    }
  }
}

export function assertShapeError(run: () => void, ...shapes: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TypeError, `expected TypeError, got ${error}`);
    for (const shape of shapes) {
      assert.ok(error.message.includes(shape), `message "${error.message}" lacks ${shape}`);
    }
    return true;
  });
}

export async function expectOp(
  backend: Backend,
  run: (out: Tensor) => void,
  outRows: number,
  outCols: number,
  expected: Matrix,
  tol?: number,
): Promise<void> {
  const out = backend.create(outRows, outCols);
  backend.upload(out, new Array(outRows * outCols).fill(Number.NaN));
  run(out);
  assertClose(await get(backend, out), expected, tol);
}
