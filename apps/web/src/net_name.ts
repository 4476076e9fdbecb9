// A net's name as the page shows it (status, reader, menu, file names):
// short, with no spaces, commas or characters a file name cannot hold.
import { type LayerSpec, netArchitecture, type NetConfig } from "@simple-mnist/model";

/**
 * A net as the page names it: an MLP's widths (`784-128-10`, as
 * `netArchitecture` writes them), or for a net that sees images its input
 * and the layers that shape it, dash-joined: `28x28-conv5x5x8-pool2-10`
 * (a convolution as kernel×kernel×filters, with `s2` for stride 2 and
 * `same` for same padding; a pool as its size, with its stride when that
 * differs; a dense layer as its width). ReLU, flatten and dropout are left
 * out, as an MLP's name leaves them out; another activation is named.
 *
 * @param config The net.
 * @returns The name.
 *
 * @example
 * ```ts
 * import { netName } from "./net_name.ts";
 * import { mlp, parseLayerList } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(netName({ input: [784], layers: mlp([784, 128, 10], "relu") }), "784-128-10");
 * const conv = parseLayerList("conv:8:5,relu,pool:2,conv:16:3:same:s2,tanh,pool:3:s2,dense:10", { height: 28, width: 28 });
 * assert.equal(netName(conv), "28x28-conv5x5x8-pool2-conv3x3x16s2same-tanh-pool3s2-10");
 * ```
 */
export function netName(config: NetConfig): string {
  const input = config.input;
  if (input.length === 1) return netArchitecture(config);
  const [channels, ...size] = input;
  const image = (channels === 1 ? size : input).join("x");
  return [image, ...config.layers.map(layerName).filter((name) => name !== "")].join("-");
}

function layerName(spec: LayerSpec): string {
  switch (spec.type) {
    case "conv2d": {
      const { kernel, filters, stride, padding } = spec;
      const strided = stride === 1 ? "" : `s${stride}`;
      return `conv${kernel}x${kernel}x${filters}${strided}${padding === "same" ? "same" : ""}`;
    }
    case "maxPool2d":
      return `pool${spec.size}${spec.stride === spec.size ? "" : `s${spec.stride}`}`;
    case "dense":
      return String(spec.units);
    case "relu":
    case "flatten":
    case "dropout":
      return "";
    default:
      return spec.type;
  }
}
