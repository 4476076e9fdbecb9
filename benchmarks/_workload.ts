// The seed's workload, built once per bench file, outside the timed code.
// SIMPLE_MNIST_BENCH_QUICK=1 shrinks it so that CI can run every suite fast.
import type { Backend, Tensor } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { type Dataset, limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { BatchUploader, mlp, range, Sequential } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";

/** True when the quick, CI-sized variant is asked for. */
export const QUICK = Deno.env.get("SIMPLE_MNIST_BENCH_QUICK") === "1";

/** Training images: the seed's 41,000, or 2,000 when quick. */
export const SAMPLES = QUICK ? 2000 : 41_000;

/** Timed repetitions for a slow case, and warm-up runs before them. */
export const SLOW = { n: QUICK ? 2 : 5, warmup: 1 } as const;

/** The backends to compare; `js` first, as the baseline. */
export function benchBackends(): Backend[] {
  return [new JsBackend(), new NdarrayBackend(), new WasmBackend()];
}

/** The seed's training set: the first SAMPLES + 1,000 MNIST images, 1,000 held out. */
export async function seedTrainingSet(): Promise<Dataset> {
  const { train } = await loadMnist();
  return splitDev(limitRows(train, SAMPLES + 1000), 1000, seededPrng(0)).train;
}

/** A net of the seed's shape and its full batch uploaded, on one backend. */
export interface Workload<T extends Tensor> {
  backend: Backend<T>;
  net: Sequential<T>;
  batch: BatchUploader<T>;
}

/** Uploads the seed's workload to `backend` and runs one step, so every buffer exists. */
export function seedWorkload<T extends Tensor>(backend: Backend<T>, data: Dataset): Workload<T> {
  const net = new Sequential(backend, mlp([784, 10, 10], "relu"), { prng: seededPrng(0) });
  const batch = new BatchUploader(backend, 784, data.count);
  batch.load(data, range(0, data.count));
  net.trainStep(batch.X, batch.Y, { learningRate: 0.1 });
  return { backend, net, batch };
}
