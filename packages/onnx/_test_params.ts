// Random parameters for the export tests' nets.
import type { StoredTensor } from "@simple-mnist/model";
import { normal, type Prng, uniform } from "@simple-mnist/random";

/**
 * Random parameters of the given shapes: weights ~ N(0, 2/fan-in) (He),
 * biases and batch-norm shifts ~ U(−0.1, 0.1), scales and variances ~ U(0.5, 1.5).
 */
export function randomParams(
  prng: Prng,
  shapes: Record<string, number[]>,
): Record<string, StoredTensor> {
  const params: Record<string, StoredTensor> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const count = shape.reduce((n, d) => n * d, 1);
    const fanIn = count / shape[0];
    const draw = name.startsWith("W")
      ? () => normal(prng, 0, Math.sqrt(2 / fanIn))
      : name.startsWith("gamma") || name.startsWith("variance")
      ? () => uniform(prng, 0.5, 1.5)
      : () => uniform(prng, -0.1, 0.1);
    params[name] = { shape, values: Float32Array.from({ length: count }, draw) };
  }
  return params;
}
