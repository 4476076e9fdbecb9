// A simple allocator over the shared WebAssembly memory: a bump pointer and
// free lists by size (tensors of a size tend to come back, batch after batch).

const ALIGN = 16;
const PAGE = 65536;

export class Heap {
  readonly memory: WebAssembly.Memory;
  #top = ALIGN * 4; // keep address 0 unused
  readonly #free = new Map<number, number[]>();

  constructor(initialPages = 256) {
    this.memory = new WebAssembly.Memory({ initial: initialPages, maximum: 65536, shared: true });
  }

  /** Reserves `bytes` (16-byte aligned) and returns the address. */
  alloc(bytes: number): number {
    return this.#reserve(bytes, false);
  }

  /**
   * Reserves `bytes` set to zero: only a reused block needs clearing, since
   * memory past the bump pointer has never been written.
   */
  allocZeroed(bytes: number): number {
    return this.#reserve(bytes, true);
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

  /** Returns a block to its size's free list. */
  free(address: number, bytes: number): void {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let list = this.#free.get(size);
    if (list === undefined) this.#free.set(size, list = []);
    list.push(address);
  }

  f32(address: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, length);
  }

  f64(address: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, address, length);
  }

  u32(address: number, length: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, address, length);
  }
}
