import assert from "node:assert/strict";
import { WorkerPool } from "./worker_pool.ts";

type Job = { values: Float64Array; from: number; to: number };
const url = new URL("./_test_worker.ts", import.meta.url);

Deno.test("WorkerPool", async (t) => {
  await t.step("runs a job on shared memory while the caller does its share", () => {
    const values = new Float64Array(new SharedArrayBuffer(8 * 1000)).fill(1);
    const pool = new WorkerPool<Job>(url, 0.5);
    pool.start({ values, from: 500, to: 1000 });
    for (let e = 0; e < 500; e++) values[e] = 3;
    pool.wait();
    pool.close();
    assert.ok(values.subarray(0, 500).every((v) => v === 3));
    assert.ok(values.subarray(500).every((v) => v === 2.5));
  });
  await t.step("runs job after job on the same worker", () => {
    const values = new Float64Array(new SharedArrayBuffer(8 * 4)).fill(1);
    const pool = new WorkerPool<Job>(url);
    for (let i = 0; i < 3; i++) {
      pool.start({ values, from: 0, to: 4 });
      pool.wait();
    }
    pool.close();
    assert.deepEqual([...values], [8, 8, 8, 8]);
  });
  await t.step("reports a failed job", () => {
    const pool = new WorkerPool<Job>(url);
    pool.start({ values: new Float64Array(new SharedArrayBuffer(8)), from: -1, to: 0 });
    assert.throws(() => pool.wait(), {
      message: "Cannot finish the job: the worker thread failed",
    });
  });
});
