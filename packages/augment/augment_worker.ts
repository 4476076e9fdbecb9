import { seededPrng } from "@simple-mnist/random";
import { type Augmenter, type AugmentName, createAugmenter } from "./augmenter.ts";
import type { AugmentJob, AugmentSetup } from "./_augment_protocol.ts";

/**
 * Augments batches of images on a worker thread, so that the next batch is
 * ready while the current one trains: {@linkcode AugmentWorker.submit}
 * sends a batch, {@linkcode AugmentWorker.next} resolves to the oldest one
 * sent and not yet taken. The worker makes the augmenter that
 * `createAugmenter(name, seededPrng(seed), size)` makes and augments the
 * images in the order they are submitted, so it gives the same bytes as
 * that augmenter on this thread would, image for image. Where no worker
 * can start, the batches are augmented on this thread when taken, with the
 * same result. Call {@linkcode AugmentWorker.close} when done.
 *
 * @example
 * ```ts
 * import { AugmentWorker, createAugmenter } from "@simple-mnist/augment";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const images = Uint8Array.from({ length: 2 * 784 }, (_, e) => (e * 7) % 256);
 * const worker = new AugmentWorker("affine", 5, 28);
 * worker.submit(images, 784);
 * const fromWorker = await worker.next();
 * worker.close();
 * const here = createAugmenter("affine", seededPrng(5))!;
 * const expected = new Uint8Array(2 * 784);
 * here(images.subarray(0, 784), expected.subarray(0, 784));
 * here(images.subarray(784), expected.subarray(784));
 * assert.deepEqual(fromWorker, expected);
 * ```
 */
export class AugmentWorker {
  readonly #worker: Worker | undefined;
  /** This thread's augmenter, when no worker started. */
  readonly #local: Augmenter | undefined;
  /** Batches submitted and not yet taken, oldest first. */
  readonly #pending: { job: AugmentJob; result?: Promise<AugmentJob> }[] = [];
  /** The worker's replies not yet come, oldest first. */
  readonly #replies: { resolve: (job: AugmentJob) => void; reject: (error: Error) => void }[] = [];
  #failure: Error | undefined;

  /**
   * Starts the worker (or, where none can start, makes the augmenter here).
   *
   * @param name The augmentation (not `none`).
   * @param seed The seed of the augmentation's generator.
   * @param size The images' side in pixels.
   * @param options `workerUrl`: where the worker's module is (a page that bundles this package bundles `_augment_worker.ts` and passes its URL).
   * @throws {RangeError} On `none` or an unknown name.
   */
  constructor(name: AugmentName, seed: number, size: number, options: { workerUrl?: URL } = {}) {
    if (createAugmenter(name, seededPrng(seed), size) === undefined) {
      throw new RangeError("Cannot augment in a worker: the augmentation is none");
    }
    let worker: Worker | undefined;
    try {
      worker = new Worker(
        (options.workerUrl ?? new URL("./_augment_worker.ts", import.meta.url)).href,
        { type: "module" },
      );
    } catch {
      worker = undefined;
    }
    if (worker === undefined) {
      this.#local = createAugmenter(name, seededPrng(seed), size);
      return;
    }
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent) => this.#replies.shift()?.resolve(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#failure = new Error(`Cannot augment: the worker failed: ${event.message}`);
      for (const reply of this.#replies.splice(0)) reply.reject(this.#failure);
    };
    const setup: AugmentSetup = { name, seed, size };
    worker.postMessage(setup);
  }

  /**
   * Sends a batch of images (copied: the caller may reuse `images` at once).
   *
   * @param images The images, one after another.
   * @param features Bytes per image.
   * @throws {Error} If the worker has failed.
   */
  submit(images: Uint8Array, features: number): void {
    if (this.#failure !== undefined) throw this.#failure;
    const job: AugmentJob = {
      images: images.slice(),
      out: new Uint8Array(images.length),
      features,
    };
    const worker = this.#worker;
    if (worker === undefined) {
      this.#pending.push({ job });
      return;
    }
    const result = new Promise<AugmentJob>((resolve, reject) =>
      this.#replies.push({ resolve, reject })
    );
    worker.postMessage(job, [job.images.buffer, job.out.buffer]);
    this.#pending.push({ job, result });
  }

  /** Whether a worker thread augments (false: this thread, where none could start). */
  get onWorker(): boolean {
    return this.#worker !== undefined;
  }

  /** How many batches are submitted and not yet taken. */
  get submitted(): number {
    return this.#pending.length;
  }

  /**
   * The oldest submitted batch, augmented.
   *
   * @returns Its images, augmented, one after another (the caller's to keep).
   * @throws {Error} If nothing was submitted, or the worker failed.
   */
  async next(): Promise<Uint8Array> {
    const pending = this.#pending.shift();
    if (pending === undefined) {
      throw new Error("Cannot take an augmented batch: none was submitted");
    }
    if (pending.result === undefined) {
      const { images, out, features } = pending.job;
      for (let at = 0; at < images.length; at += features) {
        this.#local!(images.subarray(at, at + features), out.subarray(at, at + features));
      }
      return out;
    }
    return (await pending.result).out;
  }

  /** Stops the worker; batches not taken are dropped. */
  close(): void {
    this.#worker?.terminate();
    this.#pending.length = 0;
    this.#replies.length = 0;
  }
}
