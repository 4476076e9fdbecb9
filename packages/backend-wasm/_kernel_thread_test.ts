import assert from "node:assert/strict";
import { Heap } from "./_heap.ts";
import { KernelThread } from "./_kernel_thread.ts";
import { instantiate, type KernelName, kernelsModule } from "./_module.ts";

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

  await t.step("refuses more arguments than a job holds", () => {
    const thread = new KernelThread(kernelsModule(), heap.memory, names);
    assert.throws(() => thread.start("relu", Array(17).fill(0)), {
      name: "RangeError",
      message: "Cannot start relu: 17 arguments, at most 16",
    });
    thread.close();
  });
});
