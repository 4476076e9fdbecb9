// The report's only contact with the model: what a net's first layer holds,
// and its class probabilities for a set. When the model changes, this file does.
import type { Tensor } from "@simple-mnist/backend";
import { BatchUploader, type Examples, range, type TwoLayerNet } from "@simple-mnist/model";
import type { Probabilities, WeightMatrix } from "@simple-mnist/report";

/** The net's layer sizes, e.g. `784-10-10`. */
export function architecture<T extends Tensor>(net: TwoLayerNet<T>): string {
  return `${net.inputs}-${net.hidden}-${net.classes} (ReLU, softmax)`;
}

/** The first layer's weights, one row per unit (`hidden x inputs`). */
export async function firstLayerWeights<T extends Tensor>(
  net: TwoLayerNet<T>,
): Promise<WeightMatrix> {
  const weights = await net.weights();
  return { rows: weights.hidden, cols: weights.inputs, values: weights.W1 };
}

const CHUNK = 8192;

/** The net's class probabilities for every sample of `examples`, sample-major. */
export async function setProbabilities<T extends Tensor>(
  net: TwoLayerNet<T>,
  examples: Examples,
): Promise<Probabilities> {
  const classes = net.classes;
  const values = new Float32Array(examples.count * classes);
  for (let start = 0; start < examples.count; start += CHUNK) {
    const count = Math.min(CHUNK, examples.count - start);
    const batch = new BatchUploader(net.backend, net.inputs, count);
    try {
      batch.load(examples, range(start, count));
      // A2 is classes x count (a column per sample): transpose into sample-major.
      const A2 = await net.backend.download(net.forward(batch.X).A2);
      for (let j = 0; j < count; j++) {
        for (let k = 0; k < classes; k++) values[(start + j) * classes + k] = A2[k * count + j];
      }
    } finally {
      batch.dispose();
    }
  }
  return { count: examples.count, classes, values };
}
