// The second core's thread: runs one half of a large product on shared
// memory, then flags completion so the waiting main thread resumes.
/// <reference lib="deno.worker" />
import { denseTimesSparse, denseTimesSparseTransposed } from "./_kernels.ts";
import type { JobMessage } from "./_pool.ts";

let scratch = new Float64Array(0);

self.onmessage = (event: MessageEvent<JobMessage>) => {
  const { job } = event.data;
  const done = new Int32Array(event.data.done);
  try {
    if (scratch.length < job.n) scratch = new Float64Array(job.n);
    if (job.kind === "denseTimesSparse") {
      denseTimesSparse(job.At, job.n, job.B, job.out, job.alpha, job.j0, job.j1, scratch);
    } else {
      denseTimesSparseTransposed(job.A, job.n, job.B, job.outT, job.j0, job.j1, scratch);
    }
    Atomics.store(done, 0, 1);
  } catch (error) {
    console.error(`backend-ndarray worker: ${(error as Error).message}`);
    Atomics.store(done, 0, 2);
  }
  Atomics.notify(done, 0);
};
