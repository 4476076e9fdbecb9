// The second core's thread: instantiates the kernels over the same shared
// memory and runs one half of a product per job (see WorkerPool in
// @simple-mnist/backend).
import { serveJobs } from "@simple-mnist/backend";
import { instantiate, type Kernels } from "./_module.ts";
import type { WorkerInit, WorkerJob } from "./_protocol.ts";

let kernels: Kernels | undefined;

serveJobs<WorkerJob, WorkerInit>(
  (job) => (kernels![job.kernel] as (...args: number[]) => void)(...job.args),
  (init) => {
    kernels = instantiate(init.module, init.memory);
  },
);
