// A worker for worker_pool_test.ts: doubles a range of a shared array, and
// fails on a negative start.
import { serveJobs } from "./worker_pool.ts";

let offset = 0;

serveJobs<{ values: Float64Array; from: number; to: number }, number>((job) => {
  if (job.from < 0) throw new Error("negative start");
  for (let e = job.from; e < job.to; e++) job.values[e] = 2 * job.values[e] + offset;
}, (init) => {
  offset = init;
});
