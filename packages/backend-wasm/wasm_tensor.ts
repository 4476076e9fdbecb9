import type { Tensor } from "@simple-mnist/backend";

/** Where a tensor's nonzeros by column live in the shared memory (byte addresses). */
export interface WasmSparseColumns {
  /** `cols + 1` uint32 offsets. */
  readonly columnStart: number;
  /** One uint16 row per nonzero. */
  readonly rowIndex: number;
  /** One float32 value per nonzero. */
  readonly values: number;
  /** How many nonzeros. */
  readonly nonzeros: number;
}

/**
 * The wasm backend's tensor: `rows x cols` float32 values, row-major, at a
 * byte address of the backend's shared WebAssembly memory, plus, for
 * uploaded data that is mostly zeros, its nonzeros by column.
 *
 * @example
 * ```ts
 * import { WasmBackend } from "@simple-mnist/backend-wasm";
 * import assert from "node:assert/strict";
 *
 * const backend = new WasmBackend();
 * const t = backend.create(2, 3);
 * backend.upload(t, [1, 2, 3, 4, 5, 6]);
 * assert.equal(t.data[5], 6);
 * backend.close();
 * ```
 */
export class WasmTensor implements Tensor {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Byte address of the values in the memory. */
  readonly address: number;
  /** The nonzeros by column, kept while the values are those last uploaded. */
  sparse: WasmSparseColumns | undefined;
  /** Set once the tensor has been disposed. */
  disposed = false;
  readonly #memory: WebAssembly.Memory;

  /**
   * Wraps memory the backend allocated.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param memory The backend's memory.
   * @param address Byte address of `rows * cols` float32 values in it.
   */
  constructor(rows: number, cols: number, memory: WebAssembly.Memory, address: number) {
    this.rows = rows;
    this.cols = cols;
    this.#memory = memory;
    this.address = address;
  }

  /** A view of the values (made anew each time, since the memory can grow). */
  get data(): Float32Array {
    return new Float32Array(this.#memory.buffer, this.address, this.rows * this.cols);
  }
}
