const ALIGN = 16;
const PAGE = 65536;

/**
 * The wasm backend's allocator over its shared `WebAssembly.Memory`: a bump
 * pointer and free lists by size (tensors of a size tend to come back,
 * batch after batch). Public so that a benchmark can lay out a kernel's
 * operands in a memory of its own and call the kernels of
 * `@simple-mnist/backend-wasm/kernels` on it alone.
 *
 * @example
 * ```ts
 * import { Heap } from "@simple-mnist/backend-wasm/heap";
 * import assert from "node:assert/strict";
 *
 * const heap = new Heap(1);
 * const x = heap.alloc(4 * 3);
 * heap.f32(x, 3).set([1, 2, 3]);
 * assert.equal(x % 16, 0);
 * assert.deepEqual([...heap.f32(x, 3)], [1, 2, 3]);
 * ```
 */
export class Heap {
  /** The shared memory, growable to 4 GiB. */
  readonly memory: WebAssembly.Memory;
  #top = ALIGN * 4; // keep address 0 unused
  readonly #free = new Map<number, number[]>();

  /**
   * Creates the memory.
   *
   * @param initialPages Its size to begin with, in 64 KiB pages (default 256, 16 MiB).
   */
  constructor(initialPages = 256) {
    this.memory = new WebAssembly.Memory({ initial: initialPages, maximum: 65536, shared: true });
  }

  /**
   * Reserves `bytes` (16-byte aligned), growing the memory if needed.
   *
   * @param bytes How many bytes.
   * @returns The block's address.
   */
  alloc(bytes: number): number {
    return this.#reserve(bytes, false);
  }

  /**
   * Reserves `bytes` set to zero: only a reused block needs clearing, since
   * memory past the bump pointer has never been written.
   *
   * @param bytes How many bytes.
   * @returns The block's address.
   */
  allocZeroed(bytes: number): number {
    return this.#reserve(bytes, true);
  }

  /**
   * Reserves `bytes` without clearing them, and says whether they are
   * zero anyway (a block past the bump pointer, never written), so that a
   * caller can put off clearing a reused block until it is read, and a
   * block that is never read whole (an indexed upload) is never touched.
   *
   * @param bytes How many bytes.
   * @returns The block's address, and whether it is known to hold zeros.
   *
   * @example
   * ```ts
   * import { Heap } from "@simple-mnist/backend-wasm/heap";
   * import assert from "node:assert/strict";
   *
   * const heap = new Heap(1);
   * const first = heap.allocBlock(64);
   * assert.equal(first.zeroed, true);
   * heap.free(first.address, 64);
   * assert.deepEqual(heap.allocBlock(64), { address: first.address, zeroed: false });
   * ```
   */
  allocBlock(bytes: number): { address: number; zeroed: boolean } {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const reused = this.#free.get(size)?.pop();
    if (reused !== undefined) return { address: reused, zeroed: false };
    return { address: this.#reserve(bytes, false), zeroed: true };
  }

  #reserve(bytes: number, zeroed: boolean): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const reused = this.#free.get(size)?.pop();
    if (reused !== undefined) {
      if (zeroed) new Uint8Array(this.memory.buffer, reused, size).fill(0);
      return reused;
    }
    const address = this.#top;
    const end = address + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.#top = end;
    return address;
  }

  /**
   * Returns a block to its size's free list.
   *
   * @param address The block's address.
   * @param bytes The size it was reserved with.
   */
  free(address: number, bytes: number): void {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let list = this.#free.get(size);
    if (list === undefined) this.#free.set(size, list = []);
    list.push(address);
  }

  /**
   * A view of float32 values in the memory (views go stale when it grows).
   *
   * @param address Where the values start.
   * @param length How many.
   * @returns The view.
   */
  f32(address: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, length);
  }

  /**
   * A view of float64 values in the memory.
   *
   * @param address Where the values start.
   * @param length How many.
   * @returns The view.
   */
  f64(address: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, address, length);
  }

  /**
   * A view of u32 values in the memory.
   *
   * @param address Where the values start.
   * @param length How many.
   * @returns The view.
   */
  u32(address: number, length: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, address, length);
  }
}
