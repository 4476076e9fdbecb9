// The second core's thread: instantiates the kernels over the same shared
// memory, runs one half of a product per message, then flags completion.
/// <reference lib="deno.worker" />
import { instantiate, type Kernels } from "./_module.ts";
import type { WorkerInit, WorkerJob } from "./_protocol.ts";

let kernels: Kernels | undefined;

self.onmessage = (event: MessageEvent<WorkerInit | WorkerJob>) => {
  const message = event.data;
  if ("module" in message) {
    kernels = instantiate(message.module, message.memory);
    return;
  }
  const done = new Int32Array(message.done);
  try {
    (kernels![message.kernel] as (...args: number[]) => void)(...message.args);
    Atomics.store(done, 0, 1);
  } catch (error) {
    console.error(`backend-wasm worker: ${(error as Error).message}`);
    Atomics.store(done, 0, 2);
  }
  Atomics.notify(done, 0);
};
