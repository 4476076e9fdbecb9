// A float64 forward pass of a NetDescription, written from the layer
// table of plan/DESIGN.md alone (not from the exporter), so the tests can
// check ONNX Runtime's output for layers our engine does not have yet
// (conv2d, pooling, flatten, batchNorm).
// Images are C x H x W, pixel (c, y, x) at (c·H + y)·W + x, as in the backend.
import { LEAKY_RELU_SLOPE } from "@simple-mnist/backend";
import type { LayerSpec, NetDescription } from "@simple-mnist/model";

interface Activations {
  values: Float64Array;
  shape: number[];
}

/**
 * Class probabilities of `count` samples (`pixels` sample after sample),
 * sample after sample.
 */
export function referenceProbabilities(
  net: NetDescription,
  pixels: Float32Array,
  count: number,
): Float64Array {
  const features = net.input.reduce((n, d) => n * d, 1);
  const rows: Float64Array[] = [];
  for (let j = 0; j < count; j++) {
    let a: Activations = {
      values: Float64Array.from(pixels.subarray(j * features, (j + 1) * features)),
      shape: [...net.input],
    };
    let l = 0;
    for (const layer of net.layers) {
      const config = (key: string, fallback?: number) => Number(layer[key] ?? fallback);
      const param = (name: string) => net.params[`${name}${l}`].values;
      switch (layer.type) {
        case "dense":
          l++;
          a = dense(a, param("W"), param("b"), config("units"));
          break;
        case "relu":
          a = map(a, (z) => Math.max(z, 0));
          break;
        case "leakyRelu":
          a = map(a, (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z));
          break;
        case "tanh":
          a = map(a, Math.tanh);
          break;
        case "sigmoid":
          a = map(a, (z) => 1 / (1 + Math.exp(-z)));
          break;
        case "dropout":
          break;
        case "conv2d":
          l++;
          a = conv2d(a, param("W"), param("b"), layer);
          break;
        case "maxPool2d":
        case "avgPool2d":
          a = pool(
            a,
            config("size"),
            config("stride", config("size")),
            layer.type === "maxPool2d",
          );
          break;
        case "flatten":
          a = { values: a.values, shape: [a.values.length] };
          break;
        case "batchNorm": {
          l++;
          const [gamma, beta, mean, variance] = ["gamma", "beta", "mean", "variance"].map(param);
          const perChannel = a.values.length / a.shape[0];
          const out = new Float64Array(a.values.length);
          for (let i = 0; i < out.length; i++) {
            const c = Math.floor(i / perChannel);
            out[i] =
              gamma[c] * (a.values[i] - mean[c]) / Math.sqrt(variance[c] + config("epsilon")) +
              beta[c];
          }
          a = { values: out, shape: a.shape };
          break;
        }
        default:
          throw new Error(`the reference has no layer ${layer.type}`);
      }
    }
    rows.push(softmax(a.values));
  }
  const classes = rows[0]?.length ?? 0;
  const out = new Float64Array(count * classes);
  rows.forEach((row, j) => out.set(row, j * classes));
  return out;
}

function map(a: Activations, g: (z: number) => number): Activations {
  return { values: a.values.map(g), shape: a.shape };
}

function dense(a: Activations, W: Float32Array, b: Float32Array, units: number): Activations {
  const inputs = a.values.length;
  const out = new Float64Array(units);
  for (let u = 0; u < units; u++) {
    let z = b[u];
    for (let i = 0; i < inputs; i++) z += W[u * inputs + i] * a.values[i];
    out[u] = z;
  }
  return { values: out, shape: [units] };
}

function conv2d(
  a: Activations,
  W: Float32Array,
  b: Float32Array,
  layer: LayerSpec,
): Activations {
  const [C, H, Wd] = a.shape;
  const F = Number(layer.filters);
  const k = Number(layer.kernel);
  const s = Number(layer.stride ?? 1);
  const same = layer.padding === "same";
  const outH = same ? Math.ceil(H / s) : Math.floor((H - k) / s) + 1;
  const outW = same ? Math.ceil(Wd / s) : Math.floor((Wd - k) / s) + 1;
  // "same": the padding is split evenly, any odd pixel after.
  const top = same ? Math.floor(Math.max((outH - 1) * s + k - H, 0) / 2) : 0;
  const left = same ? Math.floor(Math.max((outW - 1) * s + k - Wd, 0) / 2) : 0;
  const out = new Float64Array(F * outH * outW);
  for (let f = 0; f < F; f++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let z = b[f];
        for (let c = 0; c < C; c++) {
          for (let ky = 0; ky < k; ky++) {
            const y = oy * s + ky - top;
            if (y < 0 || y >= H) continue;
            for (let kx = 0; kx < k; kx++) {
              const x = ox * s + kx - left;
              if (x < 0 || x >= Wd) continue;
              z += W[f * C * k * k + (c * k + ky) * k + kx] * a.values[(c * H + y) * Wd + x];
            }
          }
        }
        out[(f * outH + oy) * outW + ox] = z;
      }
    }
  }
  return { values: out, shape: [F, outH, outW] };
}

function pool(a: Activations, size: number, s: number, max: boolean): Activations {
  const [C, H, W] = a.shape;
  const outH = Math.floor((H - size) / s) + 1;
  const outW = Math.floor((W - size) / s) + 1;
  const out = new Float64Array(C * outH * outW);
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let acc = max ? -Infinity : 0;
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) {
            const v = a.values[(c * H + oy * s + ky) * W + ox * s + kx];
            acc = max ? Math.max(acc, v) : acc + v;
          }
        }
        out[(c * outH + oy) * outW + ox] = max ? acc : acc / (size * size);
      }
    }
  }
  return { values: out, shape: [C, outH, outW] };
}

function softmax(z: Float64Array): Float64Array {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}
