// The report's only contact with the model: what a net's first layer holds,
// and its class probabilities for a set. When the model changes, this file does.
import type { Tensor } from "@simple-mnist/backend";
import { BatchUploader, type Examples, range, type Sequential } from "@simple-mnist/model";
import type { Probabilities, WeightMatrix } from "@simple-mnist/report";

/** The net's layer widths and activation, e.g. `784-10-10 (relu, softmax output)`. */
export function architecture<T extends Tensor>(net: Sequential<T>): string {
  const hidden = net.widths.length > 2 ? `${net.activation}, ` : "";
  return `${net.architecture} (${hidden}softmax output)`;
}

/** The first layer's weights, one row per unit (`layers[1] x inputs`). */
export async function firstLayerWeights<T extends Tensor>(
  net: Sequential<T>,
): Promise<WeightMatrix> {
  const weights = await net.weights();
  return { rows: weights.layers[1], cols: weights.layers[0], values: weights.W[0] };
}

const CHUNK = 8192;

/** The net's class probabilities for every sample of `examples`, sample-major. */
export async function setProbabilities<T extends Tensor>(
  net: Sequential<T>,
  examples: Examples,
): Promise<Probabilities> {
  const classes = net.classes;
  const values = new Float32Array(examples.count * classes);
  for (let start = 0; start < examples.count; start += CHUNK) {
    const count = Math.min(CHUNK, examples.count - start);
    const batch = new BatchUploader(net.backend, net.inputs, count);
    try {
      batch.load(examples, range(start, count));
      // probs is classes x count (a column per sample): transpose into sample-major.
      const P = await net.backend.download(net.forward(batch.X).probs);
      for (let j = 0; j < count; j++) {
        for (let k = 0; k < classes; k++) values[(start + j) * classes + k] = P[k * count + j];
      }
    } finally {
      batch.dispose();
    }
  }
  return { count: examples.count, classes, values };
}
