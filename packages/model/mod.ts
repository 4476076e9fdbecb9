/**
 * The seed's two-layer net (`784 → 10 ReLU → 10 softmax`) written against
 * `@simple-mnist/backend` only: initialisation, forward and backward passes
 * that read like the equations, full-batch or mini-batch training,
 * evaluation, a finite-difference gradient check, and a versioned file format.
 *
 * @example Train on a tiny set and evaluate
 * ```ts
 * import { evaluate, initWeights, train, TwoLayerNet } from "@simple-mnist/model";
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import { seededPrng } from "@simple-mnist/random";
 * import assert from "node:assert/strict";
 *
 * const examples = { count: 2, features: 2, pixels: Uint8Array.of(255, 0, 0, 255), labels: Uint8Array.of(0, 1) };
 * const net = TwoLayerNet.fromWeights(new JsBackend(), initWeights(seededPrng(1), { inputs: 2, hidden: 4, classes: 2 }));
 * await train(net, examples, { iterations: 200, learningRate: 0.5 });
 * assert.equal((await evaluate(net, examples)).accuracy, 1);
 * ```
 *
 * @module
 */
export * from "./weights.ts";
export * from "./init.ts";
export * from "./examples.ts";
export * from "./two_layer_net.ts";
export * from "./train.ts";
export * from "./evaluate.ts";
export * from "./gradient_check.ts";
export * from "./model_file.ts";
export type { Backend, MatmulOptions, Tensor } from "@simple-mnist/backend";
export type { Prng } from "@simple-mnist/random";
