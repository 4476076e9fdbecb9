import assert from "node:assert/strict";
import { Heap } from "./heap.ts";
import { KernelThread } from "./_kernel_thread.ts";
import { instantiate, type KernelName, kernelsModule } from "./kernels.ts";

Deno.test("KernelThread", async (t) => {
  const heap = new Heap();
  const kernels = instantiate(kernelsModule(), heap.memory);
  const names = Object.keys(kernels) as KernelName[];
  const src = heap.alloc(4 * 8);
  const dst = heap.alloc(4 * 8);
  heap.f32(src, 8).set([-2, -1, 0, 1, 2, 3, -4, 5]);

  await t.step("runs a kernel on the worker over the same memory", () => {
    const thread = new KernelThread(kernelsModule(), heap.memory, names);
    thread.start("relu", [src, dst, 4, 8]); // the worker takes elements 4..8
    kernels.relu(src, dst, 0, 4); // while this thread takes 0..4
    assert.equal(thread.wait(), true);
    assert.deepEqual([...heap.f32(dst, 8)], [0, 0, 0, 1, 2, 3, 0, 5]);
    thread.close();
  });

  await t.step("reports a kernel that failed, and starts afresh after close", () => {
    const thread = new KernelThread(kernelsModule(), heap.memory, names);
    const outside = heap.memory.buffer.byteLength;
    thread.start("relu", [outside, outside, 0, 4]); // traps: out of bounds
    assert.throws(() => thread.wait(), {
      message: "Cannot finish the job: the worker thread failed",
    });
    heap.f32(dst, 8).fill(7);
    thread.start("relu", [src, dst, 0, 8]);
    thread.wait();
    assert.deepEqual([...heap.f32(dst, 8)], [0, 0, 0, 1, 2, 3, 0, 5]);
    thread.close();
  });

  await t.step("gives up on a worker that does not start, and is then unavailable", async () => {
    const thread = new KernelThread(kernelsModule(), heap.memory, names, {
      url: new URL("./_no_such_worker.ts", import.meta.url),
      startMs: 300,
    });
    assert.equal(thread.available, true);
    thread.start("relu", [src, dst, 0, 8]);
    assert.equal(thread.wait(), false); // the caller must do the job
    assert.equal(thread.available, false);
    thread.close();
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the load error arrive
  });

  await t.step("shares a job's chunks with the worker, each chunk once", () => {
    const thread = new KernelThread(kernelsModule(), heap.memory, names);
    // A first job to start the worker, then wait until it has run it.
    thread.start("relu", [src, dst, 0, 0]);
    thread.wait();
    const length = 4096;
    const big = heap.alloc(4 * length);
    const out = heap.alloc(4 * length);
    heap.f32(big, length).forEach((_, e, a) => a[e] = e % 3 - 1);
    for (let round = 0; round < 20; round++) {
      heap.f32(out, length).fill(Number.NaN);
      thread.share("relu", [big, out, 0, 0], { end: length, size: 64, from: 2, to: 3 });
      for (let lo = thread.claim(); lo < length; lo = thread.claim()) {
        kernels.relu(big, out, lo, Math.min(length, lo + 64));
      }
      thread.finish();
      assert.deepEqual(
        [...heap.f32(out, length)],
        [...heap.f32(big, length)].map((v) => Math.max(v, 0)),
      );
    }
    thread.close();
  });

  await t.step("takes back a job the worker has not started", () => {
    const thread = new KernelThread(kernelsModule(), heap.memory, names);
    heap.f32(dst, 8).fill(7);
    // Just posted to a worker that is still starting: finish() takes it back.
    thread.start("relu", [src, dst, 0, 8]);
    assert.equal(thread.finish(), false);
    assert.deepEqual([...heap.f32(dst, 8)], [7, 7, 7, 7, 7, 7, 7, 7]);
    // The worker skips the job taken back and runs the next.
    thread.start("relu", [src, dst, 0, 8]);
    assert.equal(thread.wait(), true);
    assert.deepEqual([...heap.f32(dst, 8)], [0, 0, 0, 1, 2, 3, 0, 5]);
    thread.close();
  });

  await t.step("refuses more arguments than a job holds", () => {
    const thread = new KernelThread(kernelsModule(), heap.memory, names);
    assert.throws(() => thread.start("relu", Array(17).fill(0)), {
      name: "RangeError",
      message: "Cannot start relu: 17 arguments, at most 16",
    });
    thread.close();
  });
});
