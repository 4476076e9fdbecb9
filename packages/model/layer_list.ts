import { activationLayer } from "./activation_layer.ts";
import { conv2d, type Padding } from "./conv2d.ts";
import { dense } from "./dense.ts";
import { dropout } from "./dropout.ts";
import { flatten } from "./flatten.ts";
import type { LayerSpec } from "./layer.ts";
import { LAYER_TYPES, layerType } from "./layer_types.ts";
import { maxPool2d } from "./max_pool_2d.ts";
import type { NetConfig } from "./net_plan.ts";
import { formatShape, type Shape, shapeSize } from "./shape.ts";

/**
 * The grammar of a layer list, as `--help` prints it: comma-separated
 * items, each a layer.
 *
 * @example
 * ```ts
 * import { LAYER_LIST_GRAMMAR } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.match(LAYER_LIST_GRAMMAR, /conv:F:K/);
 * ```
 */
export const LAYER_LIST_GRAMMAR: string = [
  "conv:F:K[:same][:sS]  F filters of KxK, stride S (default 1), valid padding unless same",
  "pool:K[:sS]           KxK max-pooling, stride S (default K)",
  "dense:N               N units (after images, they are flattened first)",
  "relu, leaky-relu, tanh, sigmoid, dropout:P, flatten",
].join("\n");

/**
 * Reads a net written as a list, the `--layers` flag's value:
 * `conv:16:5,relu,pool:2,conv:32:5,relu,pool:2,dense:10` is LeNet's shape
 * for MNIST. A net with a convolution or a pooling sees 1 x H x W images,
 * any other the H·W pixels as a vector; a `dense` after an image flattens
 * it first (a `flatten()` is put in), and takes as many inputs as the
 * layer before it puts out. See {@linkcode LAYER_LIST_GRAMMAR}.
 *
 * @param text The list.
 * @param image The images' size (MNIST's 28 x 28).
 * @returns The net's input shape and layers.
 * @throws {RangeError} If an item does not parse, or a layer cannot take what the one
 * before it puts out, naming both items and the shape.
 *
 * @example
 * ```ts
 * import { conv2d, dense, flatten, maxPool2d, parseLayerList, relu } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const net = parseLayerList("conv:8:3:same,relu,pool:2,dense:10", { height: 28, width: 28 });
 * assert.deepEqual(net.input, [1, 28, 28]);
 * assert.deepEqual(net.layers, [
 *   conv2d(8, 3, { padding: "same" }), relu(), maxPool2d(2), flatten(), dense(8 * 14 * 14, 10),
 * ]);
 * assert.deepEqual(parseLayerList("dense:128,relu,dense:10", { height: 28, width: 28 }).input, [784]);
 * assert.throws(
 *   () => parseLayerList("conv:16:5,pool:2,conv:32:5,pool:2,conv:64:5", { height: 28, width: 28 }),
 *   /item 5, conv:64:5, cannot take the 32x4x4 output of item 4, pool:2: its 5x5 kernel is larger than the 4x4 image/,
 * );
 * ```
 */
export function parseLayerList(
  text: string,
  image: { readonly height: number; readonly width: number },
): NetConfig {
  const items = text.split(",").map((item) => item.trim());
  const fail = (why: string): never => {
    throw new RangeError(why);
  };
  if (text.trim() === "") fail("the list is empty (e.g. conv:16:5,relu,pool:2,dense:10)");
  const specs = items.map((item, i) => readItem(item, i + 1, fail));
  const seesImages = specs.some(isWindowed);
  const input: Shape = seesImages ? [1, image.height, image.width] : [image.height * image.width];

  const layers: LayerSpec[] = [];
  let shape = input;
  items.forEach((item, i) => {
    const read = specs[i];
    const previous = i === 0
      ? `the input ${formatShape(input)}`
      : `the ${formatShape(shape)} output of item ${i}, ${items[i - 1]}`;
    const add = (spec: LayerSpec) => {
      try {
        shape = layerType(spec.type, LAYER_TYPES).outputShape(spec, shape);
      } catch (error) {
        fail(`item ${i + 1}, ${item}, cannot take ${previous}: ${(error as Error).message}`);
      }
      layers.push(spec);
    };
    if (typeof read === "object" && read.type !== "dense") return add(read);
    if (shape.length !== 1) add(flatten());
    add(dense(shapeSize(shape), (read as { units: number }).units));
  });
  return { input, layers };
}

/** A dense item's units: its inputs are known only once the shapes before it are. */
type DenseItem = { readonly type: "dense"; readonly units: number };

function isWindowed(spec: LayerSpec | DenseItem): boolean {
  return spec.type === "conv2d" || spec.type === "maxPool2d";
}

/** One item as a spec (a dense one without its inputs yet). */
function readItem(
  item: string,
  number: number,
  fail: (why: string) => never,
): LayerSpec | DenseItem {
  const [name, ...args] = item.split(":");
  const bad = (form: string): never =>
    fail(`item ${number}, ${JSON.stringify(item)}, does not parse: write ${form}`);
  const count = (text: string | undefined, form: string): number => {
    if (text === undefined || !/^[0-9]+$/.test(text) || Number(text) < 1) bad(form);
    return Number(text);
  };
  switch (name) {
    case "conv": {
      const form =
        "conv:FILTERS:KERNEL, then :same or :valid and :sSTRIDE if wanted (conv:16:5:same:s2)";
      if (args.length < 2) bad(form);
      const filters = count(args[0], form);
      const kernel = count(args[1], form);
      let padding: Padding = "valid";
      let stride = 1;
      for (const option of args.slice(2)) {
        if (option === "same" || option === "valid") padding = option;
        else if (option.startsWith("s")) {
          stride = count(option.slice(1), `${form}; a stride is at least 1`);
        } else bad(form);
      }
      return conv2d(filters, kernel, { stride, padding });
    }
    case "pool":
    case "maxpool": {
      const form = "pool:SIZE, then :sSTRIDE if wanted (pool:2, pool:3:s2)";
      if (args.length < 1 || args.length > 2) bad(form);
      const size = count(args[0], form);
      const stride = args[1] === undefined
        ? size
        : args[1].startsWith("s")
        ? count(args[1].slice(1), `${form}; a stride is at least 1`)
        : bad(form);
      return maxPool2d(size, stride);
    }
    case "dense": {
      if (args.length !== 1) bad("dense:UNITS (dense:10)");
      return { type: "dense", units: count(args[0], "dense:UNITS (dense:10)") };
    }
    case "dropout": {
      const rate = Number(args[0]);
      if (args.length !== 1 || args[0] === "" || !(rate >= 0 && rate < 1)) {
        bad("dropout:RATE with a rate in [0, 1) (dropout:0.25)");
      }
      return dropout(rate);
    }
    case "flatten":
      if (args.length > 0) bad("flatten");
      return flatten();
    case "relu":
    case "leaky-relu":
    case "tanh":
    case "sigmoid":
      if (args.length > 0) bad(name);
      return activationLayer(name);
    default:
      return fail(
        `item ${number}, ${
          JSON.stringify(item)
        }, is not a layer: the layers are conv, pool, dense, dropout, flatten, relu, leaky-relu, tanh, sigmoid`,
      );
  }
}
