import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Prng } from "@simple-mnist/random";
import type { Layer, Param } from "./layer.ts";
import type { BuildContext, LayerType } from "./layer_type.ts";
import { expectNumber, expectOnly } from "./_spec_fields.ts";
import type { Shape } from "./shape.ts";

/**
 * A dropout layer's spec: the probability `rate` of dropping a unit.
 *
 * @example
 * ```ts
 * import { dropout, type DropoutSpec } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * const spec: DropoutSpec = dropout(0.2);
 * assert.equal(spec.rate, 0.2);
 * ```
 */
export type DropoutSpec = {
  readonly type: "dropout";
  /** p, the probability of dropping a unit, in [0, 1). */
  readonly rate: number;
};

/**
 * Inverted dropout with rate `p`: in training, each unit is kept with
 * probability `1 − p` and scaled by `1 / (1 − p)`.
 *
 * @param rate p, in [0, 1).
 * @returns The spec.
 * @throws {RangeError} If `rate` is not in [0, 1).
 *
 * @example
 * ```ts
 * import { dropout } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(dropout(0.5), { type: "dropout", rate: 0.5 });
 * assert.throws(() => dropout(1), RangeError);
 * ```
 */
export function dropout(rate: number): DropoutSpec {
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Cannot make dropout(${rate}): the rate must be in [0, 1)`);
  }
  return { type: "dropout", rate };
}

/**
 * Inverted dropout on a backend: in a training pass each unit is kept with
 * probability `1 − p` and scaled by `1 / (1 − p)`, so that the expected
 * activation is unchanged and evaluation needs no rescaling; outside
 * training the layer passes its input through.
 *
 * ```text
 * forward:   mask ~ Bernoulli(1 − p) / (1 − p),   A′ = A ⊙ mask
 * backward:  dA = dA′ ⊙ mask
 * ```
 *
 * The mask is drawn on the host from the net's seeded `noise` generator and
 * uploaded: the same seed gives the same masks.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { dropout, Sequential } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const [layer] = new Sequential(backend, [dropout(0.5)], { input: [4], noise: seededPrng(0) }).layers;
 * const a = backend.create(4, 1);
 * backend.upload(a, [1, 1, 1, 1]);
 * const kept = await backend.download(layer.forward(a, true));
 * assert.ok(kept.every((v) => v === 0 || v === 2));
 * assert.equal(layer.forward(a, false), a); // evaluation: unchanged
 * ```
 */
export class Dropout<T extends Tensor> implements Layer<T> {
  /** The spec. */
  readonly spec: DropoutSpec;
  /** The shape in, which is the shape out. */
  readonly inputShape: Shape;
  /** The shape out. */
  readonly outputShape: Shape;
  readonly #backend: Backend<T>;
  readonly #prng: Prng;
  readonly #buffers = new Map<number, { mask: T; out: T; host: Float32Array }>();
  #active: { mask: T } | undefined;
  #hold = false;

  /**
   * Creates the layer; its buffers are made per batch size on first use.
   *
   * @param spec The rate.
   * @param context The backend, the input shape and the `noise` generator the masks come from.
   * @throws {RangeError} If the net has no `noise` generator.
   */
  constructor(spec: DropoutSpec, context: BuildContext<T>) {
    if (context.noise === undefined) {
      throw new RangeError(`${DROPOUT.describe(spec)} needs a noise generator`);
    }
    this.spec = spec;
    this.inputShape = context.input;
    this.outputShape = context.input;
    this.#backend = context.backend;
    this.#prng = context.noise;
  }

  /** `A′ = A ⊙ mask` in training, `A` otherwise. */
  forward(A: T, training: boolean): T {
    const rate = this.spec.rate;
    if (!training || rate === 0) {
      this.#active = undefined;
      return A;
    }
    const buffers = this.#buffersFor(A);
    if (!this.#hold || this.#active === undefined) {
      const scale = 1 / (1 - rate);
      // Each draw's 32 bits decide two units, 16 bits each: a unit is kept
      // when its 16 bits fall below (1 − p)·2¹⁶ (so p is rounded to a
      // multiple of 2⁻¹⁶), which halves the generator's share of a step.
      const threshold = Math.round((1 - rate) * 0x10000);
      const host = buffers.host;
      for (let e = 0; e < host.length; e += 2) {
        const bits = (this.#prng() * 0x100000000) >>> 0;
        host[e] = (bits & 0xffff) < threshold ? scale : 0;
        if (e + 1 < host.length) host[e + 1] = bits >>> 16 < threshold ? scale : 0;
      }
      this.#backend.upload(buffers.mask, host);
    }
    this.#backend.mul(A, buffers.mask, buffers.out);
    this.#active = buffers;
    return buffers.out;
  }

  /** `dA = dA′ ⊙ mask` after a training pass, `dA′` otherwise. */
  backward(dOut: T): T {
    if (this.#active === undefined) return dOut;
    this.#backend.mul(dOut, this.#active.mask, dOut);
    return dOut;
  }

  /** None. */
  params(): readonly Param<T>[] {
    return [];
  }

  /** Keep the last mask instead of drawing a new one at each training pass (for the gradient check). */
  holdRandomness(hold: boolean): void {
    this.#hold = hold;
  }

  /** Frees the masks and outputs. */
  dispose(): void {
    for (const { mask, out } of this.#buffers.values()) {
      this.#backend.dispose(mask);
      this.#backend.dispose(out);
    }
    this.#buffers.clear();
    this.#active = undefined;
  }

  #buffersFor(A: T) {
    let buffers = this.#buffers.get(A.cols);
    if (buffers === undefined) {
      const b = this.#backend;
      buffers = {
        mask: b.create(A.rows, A.cols),
        out: b.create(A.rows, A.cols),
        host: new Float32Array(A.rows * A.cols),
      };
      this.#buffers.set(A.cols, buffers);
    }
    return buffers;
  }
}

/**
 * The `dropout` layer type.
 *
 * @example
 * ```ts
 * import { DROPOUT } from "@simple-mnist/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(DROPOUT.parse({ type: "dropout", rate: 0.2 }), { type: "dropout", rate: 0.2 });
 * assert.throws(() => DROPOUT.parse({ type: "dropout", rate: 2 }), TypeError);
 * ```
 */
export const DROPOUT: LayerType<DropoutSpec> = {
  type: "dropout",
  parse(json) {
    expectOnly(json, ["rate"]);
    return dropout(expectNumber(json, "rate", { min: 0, below: 1 }));
  },
  outputShape: (_spec, input) => input,
  params: () => [],
  describe: (spec) => `dropout(${spec.rate})`,
  build: (spec, context) => new Dropout(spec, context),
};
