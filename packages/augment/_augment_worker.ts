// The worker behind AugmentWorker (augment_worker.ts): it makes the same
// augmenter as createAugmenter from the name, seed and size it is sent
// first, then augments each batch of images it is sent, in the order they
// come, and sends the batch back with the images it was given (for reuse).
import { seededPrng } from "@simple-mnist/random";
import { type Augmenter, createAugmenter } from "./augmenter.ts";
import type { AugmentJob, AugmentSetup } from "./_augment_protocol.ts";

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};

let augment: Augmenter | undefined;
scope.onmessage = (event: MessageEvent) => {
  const message = event.data as AugmentSetup | AugmentJob;
  if ("name" in message) {
    augment = createAugmenter(message.name, seededPrng(message.seed), message.size);
    return;
  }
  const { images, out, features } = message;
  for (let at = 0; at < images.length; at += features) {
    augment!(images.subarray(at, at + features), out.subarray(at, at + features));
  }
  scope.postMessage(message, [images.buffer, out.buffer]);
};
