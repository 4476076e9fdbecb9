/**
 * Nets of any depth written against `@simple-mnist/backend` only: dense
 * layers, hidden activations and a softmax cross-entropy head whose forward
 * and backward passes read like the equations, stacked by `Sequential`
 * (the seed's `784 → 10 ReLU → 10 softmax` is the default); initialisation,
 * full-batch or mini-batch training, evaluation, a finite-difference
 * gradient check, and a versioned file format (safetensors).
 *
 * @example Train on a tiny set and evaluate
 * ```ts
 * import { evaluate, initWeights, Sequential, train } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const examples = { count: 2, features: 2, pixels: Uint8Array.of(255, 0, 0, 255), labels: Uint8Array.of(0, 1) };
 * const net = Sequential.fromWeights(new JsBackend(), initWeights(seededPrng(1), { inputs: 2, hidden: [8, 8], classes: 2, init: "he" }));
 * await train(net, examples, { iterations: 200, learningRate: 0.5 });
 * assert.equal((await evaluate(net, examples)).accuracy, 1);
 * ```
 *
 * @module
 */
export * from "./weights.ts";
export * from "./init.ts";
export * from "./examples.ts";
export * from "./layer.ts";
export * from "./dense.ts";
export * from "./activation_layer.ts";
export * from "./softmax_cross_entropy.ts";
export * from "./dropout.ts";
export * from "./sequential.ts";
export * from "./optimizer.ts";
export * from "./sgd.ts";
export * from "./momentum.ts";
export * from "./nesterov.ts";
export * from "./rmsprop.ts";
export * from "./adam.ts";
export * from "./schedule.ts";
export * from "./train.ts";
export * from "./evaluate.ts";
export * from "./gradient_check.ts";
export * from "./model_file.ts";
export type { Activation, Backend, MatmulOptions, Tensor } from "@simple-mnist/backend";
export type { Prng } from "@simple-mnist/random";
