import type { Backend, Tensor } from "@simple-mnist/backend";
import type { Prng } from "@simple-mnist/random";
import type { Layer, Param } from "./layer.ts";

/**
 * Inverted dropout after a hidden activation: in a training pass each unit
 * is kept with probability `1 − p` and scaled by `1 / (1 − p)`, so that
 * the expected activation is unchanged and evaluation needs no rescaling;
 * outside training the layer passes its input through.
 *
 * ```text
 * forward:   mask ~ Bernoulli(1 − p) / (1 − p),   A′ = A ⊙ mask
 * backward:  dA = dA′ ⊙ mask
 * ```
 *
 * The mask is drawn on the host from the seeded generator and uploaded:
 * the same seed gives the same masks.
 *
 * @typeParam T The backend's tensor type.
 *
 * @example
 * ```ts
 * import { Dropout } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const backend = new JsBackend();
 * const dropout = new Dropout(backend, 4, 0.5, seededPrng(0));
 * const a = backend.create(4, 1);
 * backend.upload(a, [1, 1, 1, 1]);
 * const kept = await backend.download(dropout.forward(a, true));
 * assert.ok(kept.every((v) => v === 0 || v === 2));
 * assert.equal(dropout.forward(a, false), a); // evaluation: unchanged
 * ```
 */
export class Dropout<T extends Tensor> implements Layer<T> {
  /** Units in and out. */
  readonly inputs: number;
  /** Units in and out. */
  readonly outputs: number;
  /** p, the probability of dropping a unit, in [0, 1). */
  readonly rate: number;
  /**
   * Keep the last mask instead of drawing a new one at each training pass
   * (for the gradient check, which needs the same function at every probe).
   */
  fixedMask = false;
  readonly #backend: Backend<T>;
  readonly #prng: Prng;
  readonly #buffers = new Map<number, { mask: T; out: T; host: Float32Array }>();
  #active: { mask: T } | undefined;

  /**
   * Creates the layer; its buffers are made per batch size on first use.
   *
   * @param backend The backend that owns the tensors.
   * @param units Units per sample.
   * @param rate p, in [0, 1).
   * @param prng The generator the masks are drawn from.
   * @throws {RangeError} If `rate` is not in [0, 1).
   */
  constructor(backend: Backend<T>, units: number, rate: number, prng: Prng) {
    if (!(rate >= 0 && rate < 1)) {
      throw new RangeError(`Cannot create dropout: the rate must be in [0, 1), got ${rate}`);
    }
    this.#backend = backend;
    this.inputs = units;
    this.outputs = units;
    this.rate = rate;
    this.#prng = prng;
  }

  /** For example `dropout 0.2`. */
  get description(): string {
    return `dropout ${this.rate}`;
  }

  /** `A′ = A ⊙ mask` in training, `A` otherwise. */
  forward(A: T, training = false): T {
    if (!training || this.rate === 0) {
      this.#active = undefined;
      return A;
    }
    const buffers = this.#buffersFor(A.cols);
    if (!this.fixedMask || this.#active === undefined) {
      const scale = 1 / (1 - this.rate);
      // Each draw's 32 bits decide two units, 16 bits each: a unit is kept
      // when its 16 bits fall below (1 − p)·2¹⁶ (so p is rounded to a
      // multiple of 2⁻¹⁶), which halves the generator's share of a step.
      const threshold = Math.round((1 - this.rate) * 0x10000);
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
  params(): Param<T>[] {
    return [];
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

  #buffersFor(m: number) {
    let buffers = this.#buffers.get(m);
    if (buffers === undefined) {
      const b = this.#backend;
      buffers = {
        mask: b.create(this.outputs, m),
        out: b.create(this.outputs, m),
        host: new Float32Array(this.outputs * m),
      };
      this.#buffers.set(m, buffers);
    }
    return buffers;
  }
}
