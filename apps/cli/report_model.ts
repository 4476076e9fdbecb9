// The report's only contact with the model: what a net is, and what its
// first layer holds. When the model changes, this file does.
import type { Tensor } from "@simple-mnist/backend";
import { mlpShape, type Sequential } from "@simple-mnist/model";
import type { WeightMatrix } from "@simple-mnist/report";

/** The net as people write it, e.g. `784-10-10 (relu, softmax output)`. */
export function architecture<T extends Tensor>(net: Sequential<T>): string {
  const shape = mlpShape(net.config.layers);
  const hidden = shape !== undefined && shape.widths.length > 2 ? `${shape.activation}, ` : "";
  return `${net.architecture} (${hidden}softmax output)`;
}

/**
 * The first layer's weights, one row per unit (a dense layer's `units x
 * inputs`, a convolution's `filters x C·k·k`), or undefined for a net whose
 * first parameters are not a matrix.
 */
export async function firstLayerWeights<T extends Tensor>(
  net: Sequential<T>,
): Promise<WeightMatrix | undefined> {
  const first = net.paramShapes()[0];
  if (first === undefined || first.shape.length !== 2) return undefined;
  const values = (await net.parameters())[first.name];
  return { rows: first.shape[0], cols: first.shape[1], values };
}
