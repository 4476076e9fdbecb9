// The second core's thread: runs one half of a large product on shared
// memory (see WorkerPool in @simple-mnist/cpu).
import { serveJobs } from "@simple-mnist/cpu";
import { denseTimesDense, denseTimesSparse, denseTimesSparseTransposed } from "./_kernels.ts";
import type { Job } from "./_jobs.ts";

let scratch = new Float64Array(0);

serveJobs<Job>((job) => {
  if (job.kind === "denseTimesDense") {
    denseTimesDense(job.Ap, job.Bt, job.inner, job.p, job.out, job.alpha, job.i0, job.i1);
    return;
  }
  if (scratch.length < job.n) scratch = new Float64Array(job.n);
  if (job.kind === "denseTimesSparse") {
    denseTimesSparse(job.At, job.n, job.B, job.out, job.alpha, job.j0, job.j1, scratch);
  } else {
    denseTimesSparseTransposed(job.A, job.n, job.B, job.outT, job.j0, job.j1, scratch);
  }
});
