// The training worker: a net trained by a recipe on the wasm backend, over
// the MNIST files the app serves, reporting progress to the page.
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { idxDataset, parseIdx, splitDev } from "@simple-mnist/data";
import { seededPrng, shuffle } from "@simple-mnist/random";
import { chunkBounds, EPOCH_CHUNK, gatherSamples, type LabelledSamples } from "./epoch_chunks.ts";
import {
  createSession,
  firstLayer,
  modelFile,
  scoreSession,
  type TrainingSession,
  trainPasses,
} from "./model_adapter.ts";
import { recipeById } from "./recipes.ts";
import type { FromWorker, ToWorker } from "./worker_protocol.ts";

/**
 * Threads of the wasm backend. One: Chrome starts a worker made by a worker
 * only when its parent yields to its event loop, so the backend's second
 * thread joins late (the backend does a job alone when its worker has not
 * taken it), and on a 2-core machine two threads measured no clear gain
 * here (one full-batch step of the seed's net: 1.4–2.4 M images/s against
 * 2.0 M, noisy). Mini-batches of 64 are far below the size where the
 * backend splits work anyway.
 */
const THREADS = 1;
/** The backend's second thread, bundled by the server (used once THREADS is 2). */
const KERNEL_WORKER = new URL(
  "/kernel_worker.js",
  (globalThis as unknown as { location: URL }).location.href,
);

/** Dev images held out, as `deno task train` does by default. */
const DEV_SIZE = 1000;
/** Full-batch steps between dev evaluations. */
const DEV_EVERY = 10;
/** Full-batch steps between updates of the weight images and the model file. */
const REPORT_EVERY = 50;

interface Data {
  fit: LabelledSamples;
  dev: LabelledSamples;
  test: LabelledSamples;
}

/** What this file uses of the worker's global scope (typed here, since the project's lib is Deno's). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  readonly location: { readonly href: string };
  readonly crossOriginIsolated: boolean;
}
const scope = globalThis as unknown as WorkerScope;

let data: Promise<Data> | undefined;
let backend: WasmBackend | undefined;
let session: TrainingSession | undefined;
/** Epochs done, fractional. */
let done = 0;
let target = 0;
let stopAsked = false;
let running = false;
/** The current epoch's shuffled order, kept across a stop. */
let order: Uint32Array | undefined;
/** Seconds of training steps in the current epoch. */
let epochSeconds = 0;
function post(message: FromWorker): void {
  scope.postMessage(message);
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`Cannot load ${path}: the server answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function loadSplit(name: "train" | "test"): Promise<LabelledSamples> {
  const images = `/data/${name}-images.idx`;
  const labels = `/data/${name}-labels.idx`;
  const [imageBytes, labelBytes] = await Promise.all([fetchBytes(images), fetchBytes(labels)]);
  const set = idxDataset(parseIdx(imageBytes, images), parseIdx(labelBytes, labels), {
    images,
    labels,
  });
  return { count: set.count, features: set.features, pixels: set.pixels, labels: set.labels! };
}

async function loadData(): Promise<Data> {
  post({ type: "loading", what: "MNIST from the server" });
  const [train, test] = await Promise.all([loadSplit("train"), loadSplit("test")]);
  // The same split as `deno task train` with seed 0: the first 1,000 of a seeded shuffle.
  const split = splitDev(
    { ...train, width: 28, height: 28, source: "train" },
    DEV_SIZE,
    seededPrng(0),
  );
  const asSamples = (d: typeof split.dev): LabelledSamples => ({
    count: d.count,
    features: d.features,
    pixels: d.pixels,
    labels: d.labels!,
  });
  return { fit: asSamples(split.train), dev: asSamples(split.dev), test };
}

/** Lets queued messages (a stop) in between steps. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function report(s: TrainingSession, epoch: number): Promise<void> {
  const layer = await firstLayer(s);
  post({ type: "weights", ...layer });
  const bytes = await modelFile(s, epoch);
  post({ type: "model", bytes, shape: s.shape, epoch });
}

async function miniBatchEpoch(s: TrainingSession, d: Data): Promise<boolean> {
  if (Number.isInteger(done) || order === undefined) {
    order = shuffle(Uint32Array.from({ length: d.fit.count }, (_, j) => j), s.prng);
  }
  const bounds = chunkBounds(d.fit.count, EPOCH_CHUNK);
  // Resume mid-epoch where a stop left off.
  const first = Math.round((done - Math.floor(done)) * bounds.length);
  const epochStart = Math.floor(done);
  for (let c = first; c < bounds.length; c++) {
    if (stopAsked) return false;
    const [start, end] = bounds[c];
    const chunk = gatherSamples(d.fit, order.subarray(start, end));
    const t0 = performance.now();
    const score = await trainPasses(s, chunk, 1, () => {});
    const seconds = (performance.now() - t0) / 1000;
    epochSeconds += seconds;
    const dev = await scoreSession(s, d.dev);
    done = epochStart + (c + 1) / bounds.length;
    post({
      type: "progress",
      progress: {
        epoch: done,
        loss: score.loss,
        accuracy: score.accuracy,
        devLoss: dev.loss,
        devAccuracy: dev.accuracy,
        samplesPerSecond: chunk.count / seconds,
      },
    });
    if (c % 8 === 7) {
      const layer = await firstLayer(s);
      post({ type: "weights", ...layer });
    }
    await yieldToMessages();
  }
  return true;
}

/** Thrown from the progress callback to end a full-batch run at a stop. */
class Stop extends Error {}

/**
 * Full-batch gradient descent in one call of train (the data is uploaded
 * once), its progress callback reporting each step, evaluating the dev set
 * every DEV_EVERY steps, and letting a stop in between steps.
 */
async function fullBatchRun(s: TrainingSession, d: Data): Promise<void> {
  let last = performance.now();
  let yielded = last;
  try {
    await trainPasses(s, d.fit, target - done, async (score) => {
      const stepSeconds = (performance.now() - last) / 1000;
      epochSeconds = stepSeconds;
      done++;
      const dev = done % DEV_EVERY === 0 ? await scoreSession(s, d.dev) : undefined;
      post({
        type: "progress",
        progress: {
          epoch: done,
          loss: score.loss,
          accuracy: score.accuracy,
          devLoss: dev?.loss,
          devAccuracy: dev?.accuracy,
          samplesPerSecond: d.fit.count / stepSeconds,
        },
      });
      if (done % REPORT_EVERY === 0) await report(s, done);
      if (performance.now() - yielded > 200) {
        await yieldToMessages();
        yielded = performance.now();
      }
      if (stopAsked) throw new Stop();
      last = performance.now();
    });
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
}

async function run(): Promise<void> {
  if (running || session === undefined) return;
  running = true;
  stopAsked = false;
  const s = session;
  try {
    const d = await data!;
    while (done < target && !stopAsked) {
      if (s.recipe.batchSize === undefined) {
        await fullBatchRun(s, d);
        if (done % DEV_EVERY !== 0) {
          const dev = await scoreSession(s, d.dev);
          post({
            type: "progress",
            progress: {
              epoch: done,
              loss: Number.NaN,
              accuracy: Number.NaN,
              devLoss: dev.loss,
              devAccuracy: dev.accuracy,
              samplesPerSecond: d.fit.count / epochSeconds,
            },
          });
        }
        const test = await scoreSession(s, d.test);
        post({
          type: "epoch",
          epoch: done,
          testAccuracy: test.accuracy,
          testLoss: test.loss,
          seconds: epochSeconds,
        });
        await report(s, done);
        continue;
      }
      if (Number.isInteger(done)) epochSeconds = 0;
      const finished = await miniBatchEpoch(s, d);
      if (finished) {
        const test = await scoreSession(s, d.test);
        post({
          type: "epoch",
          epoch: done,
          testAccuracy: test.accuracy,
          testLoss: test.loss,
          seconds: epochSeconds,
        });
      }
      await report(s, done);
    }
    post({ type: "stopped", epoch: done, finished: done >= target });
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  } finally {
    running = false;
  }
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case "start": {
        if (running) {
          post({ type: "error", message: "Cannot start: a net is training; stop it first" });
          return;
        }
        data ??= loadData();
        await data;
        backend?.close();
        backend = new WasmBackend({ threads: THREADS, workerUrl: KERNEL_WORKER });
        session = createSession(backend, recipeById(message.recipe), seededPrng(message.seed));
        done = 0;
        order = undefined;
        target = message.epochs;
        const d = await data;
        post({
          type: "started",
          shape: session.shape,
          train: d.fit.count,
          dev: d.dev.count,
          test: d.test.count,
          threads: THREADS,
        });
        await run();
        return;
      }
      case "stop":
        stopAsked = true;
        return;
      case "continue":
        if (running || session === undefined) return;
        target = done < target ? target : Math.floor(done) + message.epochs;
        await run();
        return;
    }
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
