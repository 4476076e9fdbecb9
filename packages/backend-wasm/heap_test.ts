import assert from "node:assert/strict";
import { Heap } from "./heap.ts";

Deno.test("Heap", async (t) => {
  await t.step("hands out 16-byte aligned, disjoint blocks, growing the memory", () => {
    const heap = new Heap(1);
    const a = heap.alloc(5);
    const b = heap.alloc(100_000); // past the first 64 KiB page
    assert.ok(a > 0 && a % 16 === 0 && b % 16 === 0 && b >= a + 16);
    assert.ok(heap.memory.buffer.byteLength >= b + 100_000);
  });

  await t.step("reuses a freed block of the same size, zeroed on request", () => {
    const heap = new Heap(1);
    const a = heap.allocZeroed(64);
    heap.f32(a, 16).fill(3);
    heap.free(a, 64);
    const again = heap.allocZeroed(64);
    assert.equal(again, a);
    assert.ok(heap.f32(again, 16).every((v) => v === 0));
    heap.f32(again, 16).fill(3);
    heap.free(again, 64);
    assert.equal(heap.alloc(64), a); // alloc keeps what was there
    assert.ok(heap.f32(a, 16).every((v) => v === 3));
  });
});
