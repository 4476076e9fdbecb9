// The training worker: nets trained by the page's recipes on the wasm
// backend, over the MNIST files the app serves, reporting to the page.
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { idxDataset, parseIdx, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { type PageData, PageTraining } from "./page_training.ts";
import { pageRecipe } from "./recipes.ts";
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

/** Dev images held out, as `deno task train` does by default. */
const DEV_SIZE = 1000;

/** What this file uses of the worker's global scope (typed here, since the project's lib is Deno's). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  readonly location: { readonly href: string };
}

/** The worker's one piece of state: the data, the backend, and the net being trained. */
class TrainingWorker {
  readonly #scope: WorkerScope;
  #data: Promise<PageData> | undefined;
  #backend: WasmBackend | undefined;
  #training: PageTraining<ReturnType<WasmBackend["create"]>> | undefined;
  #target = 0;
  #stop: AbortController | undefined;

  constructor(scope: WorkerScope) {
    this.#scope = scope;
  }

  /** Handles one message from the page. */
  async receive(message: ToWorker): Promise<void> {
    try {
      switch (message.type) {
        case "start":
          return await this.#start(message.recipe, message.epochs, message.seed);
        case "stop":
          this.#stop?.abort();
          return;
        case "discard":
          if (this.#stop !== undefined) return;
          this.#training?.dispose();
          this.#training = undefined;
          return;
        case "continue":
          if (this.#stop !== undefined) return;
          // Continue trains the net of the recipe the page's menu shows.
          if (this.#training?.id !== message.recipe) {
            return await this.#start(message.recipe, message.epochs, message.seed);
          }
          // The rest of an epoch that a stop cut short, or `epochs` more.
          if (this.#training.epochs >= this.#target) {
            this.#target = Math.floor(this.#training.epochs) + message.epochs;
          }
          return await this.#train();
      }
    } catch (error) {
      this.#post({
        type: "error",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async #start(recipe: string, epochs: number, seed: number): Promise<void> {
    if (this.#stop !== undefined) {
      this.#post({ type: "error", message: "Cannot start: a net is training; stop it first" });
      return;
    }
    this.#data ??= this.#load();
    const data = await this.#data;
    this.#training?.dispose();
    this.#backend?.close();
    const url = new URL("/kernel_worker.js", this.#scope.location.href);
    this.#backend = new WasmBackend({ threads: THREADS, workerUrl: url });
    this.#training = new PageTraining(
      this.#backend,
      pageRecipe(recipe),
      data,
      seed,
      (m) => this.#post(m),
    );
    this.#target = epochs;
    this.#post({
      type: "started",
      shape: this.#training.shape,
      train: data.fit.count,
      dev: data.dev.count,
      test: data.test.count,
      threads: THREADS,
    });
    await this.#train();
  }

  async #train(): Promise<void> {
    const training = this.#training!;
    this.#stop = new AbortController();
    try {
      const finished = await training.train(this.#target, this.#stop.signal);
      this.#post({
        type: "stopped",
        epoch: training.epochs,
        finished,
        runSeconds: training.runSeconds,
      });
    } finally {
      this.#stop = undefined;
    }
  }

  async #load(): Promise<PageData> {
    this.#post({ type: "loading", what: "MNIST from the server" });
    const [train, test] = await Promise.all([this.#split("train"), this.#split("test")]);
    // The same split as `deno task train` with seed 0: the first 1,000 of a seeded shuffle.
    const { train: fit, dev } = splitDev(train, DEV_SIZE, seededPrng(0));
    return { fit, dev, test };
  }

  async #split(name: "train" | "test") {
    const images = `/data/${name}-images.idx`;
    const labels = `/data/${name}-labels.idx`;
    const [imageBytes, labelBytes] = await Promise.all([fetchBytes(images), fetchBytes(labels)]);
    return idxDataset(parseIdx(imageBytes, images), parseIdx(labelBytes, labels), {
      images,
      labels,
    });
  }

  #post(message: FromWorker): void {
    this.#scope.postMessage(message);
  }
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`Cannot load ${path}: the server answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const scope = globalThis as unknown as WorkerScope;
const worker = new TrainingWorker(scope);
scope.onmessage = (event) => void worker.receive(event.data);
