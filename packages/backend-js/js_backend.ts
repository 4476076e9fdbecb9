import { type MatmulOptions, OP_CHECKS, type Tensor } from "@simple-mnist/backend";
import { Float32Backend, matmul } from "@simple-mnist/cpu";
import { JsTensor } from "./js_tensor.ts";

/**
 * The pure-TypeScript backend: plain loops over `Float32Array`s that read
 * like the math, accumulating sums in float64. No dependencies; runs
 * anywhere JavaScript runs.
 *
 * @example Forward pass of one ReLU layer
 * ```ts
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const w = backend.create(1, 2);
 * const x = backend.create(2, 1);
 * const b = backend.create(1, 1);
 * backend.upload(w, [1, -1]);
 * backend.upload(x, [2, 5]);
 * backend.upload(b, [1]);
 * const z = backend.create(1, 1);
 * backend.matmul(w, x, z);
 * backend.addBias(z, b, z);
 * backend.activate(z, z, "relu");
 * assert.deepEqual([...await backend.download(z)], [0]);
 * ```
 */
export class JsBackend extends Float32Backend<JsTensor> {
  /** Registered as `"js"`. */
  readonly name = "js";
  #scratch: Float64Array = new Float64Array(0);

  /** Allocates a zero-filled tensor. @throws {RangeError} on a non-positive or fractional dimension. */
  create(rows: number, cols: number): JsTensor {
    OP_CHECKS.create(rows, cols);
    return new JsTensor(rows, cols, new Float32Array(rows * cols));
  }

  /** Copies row-major values in. @throws {TypeError} if the length does not match. */
  upload(dst: JsTensor, values: ArrayLike<number>): void {
    const data = own(dst, "upload");
    OP_CHECKS.upload(dst, values);
    data.set(values);
  }

  /** Copies the values out. */
  download(src: JsTensor): Promise<Float32Array> {
    return Promise.resolve(own(src, "download").slice());
  }

  /** Drops the tensor's memory; later use throws. */
  dispose(tensor: JsTensor): void {
    own(tensor, "dispose");
    tensor.data = new Float32Array(0);
    tensor.disposed = true;
  }

  /** `out = alpha · op(a) · op(b)`, its shapes checked: the plain loops. */
  protected matmulKernel(a: JsTensor, b: JsTensor, out: JsTensor, options: MatmulOptions): void {
    this.#scratch = matmul(a, b, out, options, this.#scratch);
  }

  /** Checks that every tensor of an op is this backend's and live. */
  protected prepare(op: string, out: JsTensor, ...inputs: JsTensor[]): void {
    for (const tensor of [out, ...inputs]) own(tensor, `Cannot run ${op}`);
  }
}

/** Returns a tensor's data after checking this backend made it and it is live. */
function own(tensor: Tensor, action: string): Float32Array {
  if (!(tensor instanceof JsTensor)) {
    throw new TypeError(`${action}: the tensor was not created by the js backend`);
  }
  if (tensor.disposed) throw new TypeError(`${action}: the tensor was disposed`);
  return tensor.data;
}
