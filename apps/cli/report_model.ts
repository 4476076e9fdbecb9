// The report's only contact with the model: what a net is, and what its
// first layer holds. When the model changes, this file does.
import type { Tensor } from "@simple-mnist/backend";
import { layerType, mlpShape, type Sequential } from "@simple-mnist/model";
import {
  type ConvolutionView,
  digitImage,
  escapeHtml,
  type ReportInput,
  type WeightMatrix,
} from "@simple-mnist/report";

/** The net as people write it, e.g. `784-10-10 (relu, softmax output)`. */
export function architecture<T extends Tensor>(net: Sequential<T>): string {
  const shape = mlpShape(net.config.layers);
  const hidden = shape !== undefined && shape.widths.length > 2 ? `${shape.activation}, ` : "";
  return `${net.architecture} (${hidden}softmax output)`;
}

/**
 * The first layer's weights, one row per unit (a dense layer's `units x
 * inputs`), or undefined for a net whose first layer with parameters is not
 * dense (a conv net's filters are {@linkcode firstConvolution}'s).
 */
export async function firstLayerWeights<T extends Tensor>(
  net: Sequential<T>,
): Promise<WeightMatrix | undefined> {
  const first = net.paramShapes()[0];
  const learned = net.layers.find((layer) => layer.params().length > 0);
  if (first === undefined || first.shape.length !== 2 || learned?.spec.type !== "dense") {
    return undefined;
  }
  const values = (await net.parameters())[first.name];
  return { rows: first.shape[0], cols: first.shape[1], values };
}

const ACTIVATIONS = new Set(["relu", "leakyRelu", "tanh", "sigmoid"]);

/**
 * A conv net's first convolution for the report: its filters and, with
 * `digit`, that image's feature maps after the convolution (and the
 * activation right after it), and after the pooling that follows, if one
 * does. Undefined for a net without a convolution.
 *
 * @param digit One image of the net's input: its bytes (0-255, C·H·W), and
 * HTML that names it (e.g. `test image 0: a 7, read as 7`).
 */
export async function firstConvolution<T extends Tensor>(
  net: Sequential<T>,
  digit?: { pixels: Uint8Array; caption: string },
): Promise<ConvolutionView | undefined> {
  const layers = net.layers;
  const first = layers.findIndex((layer) => layer.spec.type === "conv2d");
  if (first < 0) return undefined;
  const conv = layers[first];
  const describe = (k: number) => layerType(layers[k].spec.type).describe(layers[k].spec);
  // Its W is F x (C·k·k), each row channel by channel, window row by row.
  const W = (await net.parameters())[conv.params()[0].name];
  const [C] = conv.inputShape;
  const [F] = conv.outputShape;
  const view: ConvolutionView = {
    layer: describe(first),
    filters: { filters: F, channels: C, kernel: Number(conv.spec.kernel), values: W },
  };
  if (digit === undefined) return view;
  // Stages: the conv (with its activation), then a pooling right after.
  const ends: number[] = [ACTIVATIONS.has(layers[first + 1]?.spec.type) ? first + 1 : first];
  if (layers[ends[0] + 1]?.spec.type === "maxPool2d") ends.push(ends[0] + 1);
  const backend = net.backend;
  let A = backend.create(net.inputs, 1);
  backend.upload(A, Float32Array.from(digit.pixels, (p) => p / 255));
  const input = A;
  const stages = [];
  for (let k = 0, from = first; k <= ends.at(-1)!; k++) {
    A = layers[k].forward(A, false);
    if (!ends.includes(k)) continue;
    const [channels, height, width] = layers[k].outputShape;
    const after = Array.from({ length: k - from + 1 }, (_, d) => describe(from + d)).join(" → ");
    stages.push({ after, maps: { channels, height, width, values: await backend.download(A) } });
    from = k + 1;
  }
  backend.dispose(input);
  const image = digitImage(digit.pixels, 0, net.input[1]); // MNIST: one channel, square
  return { ...view, digit: { image, caption: digit.caption, stages } };
}

/**
 * {@linkcode firstConvolution} with the first image of the report's
 * labelled set as the digit, named by its set, label and prediction.
 */
export async function convolutionFor<T extends Tensor>(
  net: Sequential<T>,
  evaluation: ReportInput["evaluation"],
): Promise<ConvolutionView | undefined> {
  if (evaluation === undefined || evaluation.images.count === 0) {
    return await firstConvolution(net);
  }
  const { name, images, probabilities } = evaluation;
  const p = probabilities.values.subarray(0, probabilities.classes);
  const read = p.indexOf(Math.max(...p));
  const caption = `the first image of ${escapeHtml(name)}: a ${images.labels[0]}, which the ` +
    `net reads as ${read} (p ${p[read].toFixed(3)})`;
  return await firstConvolution(net, {
    pixels: images.pixels.subarray(0, net.inputs),
    caption,
  });
}
