import type { Tensor } from "@simple-mnist/backend";

/**
 * Where a tensor's nonzeros live in the shared memory (byte addresses), as
 * u16 indices and f32 values in two arrays: by column for `W·X`, by row for
 * `D·Xᵀ`.
 */
export interface WasmSparse {
  /** How many nonzeros. */
  readonly nonzeros: number;
  /**
   * Entries each index array has room for: more than `nonzeros`, a power of
   * two, so that batch after batch of about as many nonzeros reuses the
   * same memory.
   */
  readonly capacity: number;
  /** `cols + 1` u32 offsets: column j's nonzeros are [columnStart[j], columnStart[j + 1]). */
  readonly columnStart: number;
  /** The row of each nonzero (u16), by column, rows ascending. */
  readonly rowIndex: number;
  /** The value of each nonzero (f32, or a byte: see `table`), in the same order. */
  readonly values: number;
  /** The nonzeros by row, in blocks of columns. */
  readonly byRows: WasmSparseRows;
  /**
   * Where the f32 value of each byte are (256 f32) when the values of both
   * indexes are bytes (an `uploadPixels` batch: a byte per nonzero, not
   * four); absent when they are f32.
   */
  readonly table?: number;
}

/** A tensor's nonzeros by row, in blocks of columns (see indexRowBlocks in assembly/). */
export interface WasmSparseRows {
  /** Columns per block. */
  readonly blockCols: number;
  /** How many blocks. */
  readonly blocks: number;
  /** `blocks · rows + 1` u32 offsets, block-major. */
  readonly rowStart: number;
  /** The column of each nonzero less its block's first column (u16). */
  readonly columnIndex: number;
  /** The value of each nonzero (f32), in the same order. */
  readonly values: number;
  /** The row that splits the nonzeros in halves, for two threads. */
  readonly middleRow: number;
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
  /** Byte address of the values' block in the memory, whether or not they are written yet. */
  readonly block: number;
  /** The nonzeros, kept while the values are those last uploaded. */
  sparse: WasmSparse | undefined;
  /**
   * Set while the values exist only in `sparse` (an `uploadPixels` batch
   * that the products read through its index): reading `address` or
   * `data` writes them into the block first, by calling this once.
   */
  unwritten: ((tensor: WasmTensor) => void) | undefined;
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
    this.block = address;
  }

  /** Byte address of the values in the memory (written first if they were not yet). */
  get address(): number {
    const write = this.unwritten;
    if (write !== undefined) {
      this.unwritten = undefined;
      write(this);
    }
    return this.block;
  }

  /**
   * A view of the values (made anew each time, since the memory can grow),
   * for reading. Write through the backend's `upload`: the products read a
   * mostly-zero upload through the index built then, which a direct write
   * would leave stale.
   */
  get data(): Float32Array {
    return new Float32Array(this.#memory.buffer, this.address, this.rows * this.cols);
  }
}
