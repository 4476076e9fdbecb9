// The messages between AugmentWorker (augment_worker.ts) and its worker
// (_augment_worker.ts).
import type { AugmentName } from "./augmenter.ts";

/** The first message to the worker: which augmenter to make. */
export interface AugmentSetup {
  /** The augmentation. */
  readonly name: AugmentName;
  /** The seed of its generator. */
  readonly seed: number;
  /** The images' side in pixels. */
  readonly size: number;
}

/** A batch for the worker: `images` in, `out` back, `features` bytes each. */
export interface AugmentJob {
  /** The source images, one after another. */
  readonly images: Uint8Array<ArrayBuffer>;
  /** Where the augmented images go (as long as `images`). */
  readonly out: Uint8Array<ArrayBuffer>;
  /** Bytes per image. */
  readonly features: number;
}
