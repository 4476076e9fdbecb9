// The conformance cases, one list per op. Each case builds its inputs through
// the backend under test and compares what it downloads with `_reference.ts`.
import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { type Activation, ACTIVATIONS, LEAKY_RELU_SLOPE } from "./activation.ts";
import { type BackendOp, PROBABILITY_FLOOR } from "./backend.ts";
import * as ref from "./_reference.ts";
import { uploadPixelsCases } from "./_pixel_conformance_cases.ts";

import {
  assertClose,
  assertShapeError,
  type ConformanceCase,
  expectOp,
  get,
  type Matrix,
  matrix,
  put,
  random,
} from "./_conformance_helpers.ts";
import { WINDOW_CASES } from "./_window_cases.ts";

export type { ConformanceCase } from "./_conformance_helpers.ts";

function fromLabels(labels: number[]): Matrix {
  return matrix(1, labels.length, labels);
}

function randomLabels(count: number, classes: number, seed: number): number[] {
  const prng = seededPrng(seed);
  return Array.from({ length: count }, () => Math.floor(prng() * classes));
}

function oneHotMinus(probs: Matrix, labels: number[]): Matrix {
  return ref.map(probs, (p, i, j) => p - (labels[j] === i ? 1 : 0));
}

const matmulCases: ConformanceCase[] = [
  {
    name: "multiplies a hand-computed 2x3 by 3x2",
    run: async (b) => {
      const a = put(b, matrix(2, 3, [1, 2, 3, 4, 5, 6]));
      const c = put(b, matrix(3, 2, [7, 8, 9, 10, 11, 12]));
      await expectOp(b, (out) => b.matmul(a, c, out), 2, 2, matrix(2, 2, [58, 64, 139, 154]));
    },
  },
  {
    name: "multiplies 1x1 matrices",
    run: async (b) => {
      const a = put(b, matrix(1, 1, [3]));
      const c = put(b, matrix(1, 1, [-2]));
      await expectOp(b, (out) => b.matmul(a, c, out), 1, 1, matrix(1, 1, [-6]));
    },
  },
  {
    name: "honours every transpose flag and alpha against the reference",
    run: async (b) => {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const a = random(5, 7, 1);
          const c = random(7, 4, 2);
          const aStored = transposeA ? ref.transpose(a) : a;
          const cStored = transposeB ? ref.transpose(c) : c;
          const at = put(b, aStored);
          const ct = put(b, cStored);
          await expectOp(
            b,
            (out) => b.matmul(at, ct, out, { transposeA, transposeB, alpha: 0.25 }),
            5,
            4,
            ref.matmul(a, c, 0.25),
          );
        }
      }
    },
  },
  {
    name: "multiplies into one column and from one row",
    run: async (b) => {
      const a = random(6, 9, 3);
      const x = random(9, 1, 4);
      await expectOp(b, (out) => b.matmul(put(b, a), put(b, x), out), 6, 1, ref.matmul(a, x));
      const row = random(1, 9, 5);
      const wide = random(9, 8, 6);
      await expectOp(
        b,
        (out) => b.matmul(put(b, row), put(b, wide), out),
        1,
        8,
        ref.matmul(row, wide),
      );
    },
  },
  {
    name: "matches the reference on the seed's shapes with sparse inputs",
    run: async (b) => {
      // W1·X, dZ1·Xᵀ and W2ᵀ·dZ2 with X 81% zeros, as MNIST's pixels are.
      const samples = 67;
      const w1 = random(10, 784, 7);
      const x = random(784, samples, 8, 0.81);
      const dz1 = random(10, samples, 9);
      const w2 = random(10, 10, 10);
      const [w1t, xt, dz1t, w2t] = [w1, x, dz1, w2].map((m) => put(b, m));
      await expectOp(b, (out) => b.matmul(w1t, xt, out), 10, samples, ref.matmul(w1, x), 1e-4);
      await expectOp(
        b,
        (out) => b.matmul(dz1t, xt, out, { transposeB: true, alpha: 1 / samples }),
        10,
        784,
        ref.matmul(dz1, ref.transpose(x), 1 / samples),
        1e-4,
      );
      await expectOp(
        b,
        (out) => b.matmul(w2t, dz1t, out, { transposeA: true }),
        10,
        samples,
        ref.matmul(ref.transpose(w2), dz1),
        1e-4,
      );
    },
  },
  {
    name: "matches the reference at awkward widths, with sparse inputs and batches of 1 and 127",
    run: async (b) => {
      // A first layer of n units on mostly-zero inputs (784 or 513 features).
      for (
        const [n, features, samples] of [[1, 784, 127], [3, 513, 127], [17, 784, 1], [
          129,
          784,
          127,
        ]]
      ) {
        const w = random(n, features, n);
        const x = random(features, samples, n + 1, 0.81);
        const dz = random(n, samples, n + 2);
        const [wt, xt, dzt] = [w, x, dz].map((m) => put(b, m));
        const name = `${n}x${features}, ${samples} samples`;
        await expectOp(b, (out) => b.matmul(wt, xt, out), n, samples, ref.matmul(w, x), 1e-4)
          .catch((error) => assert.fail(`W·X at ${name}: ${error.message}`));
        await expectOp(
          b,
          (out) => b.matmul(dzt, xt, out, { transposeB: true, alpha: 1 / samples }),
          n,
          features,
          ref.matmul(dz, ref.transpose(x), 1 / samples),
          1e-4,
        ).catch((error) => assert.fail(`dZ·Xᵀ at ${name}: ${error.message}`));
      }
    },
  },
  {
    name: "matches the reference at awkward dense shapes, every transpose",
    run: async (b) => {
      const shapes = [[513, 129, 127], [17, 513, 1], [3, 17, 129], [129, 3, 17], [1, 513, 127]];
      for (const [n, inner, p] of shapes) {
        const a = random(n, inner, n + inner);
        const c = random(inner, p, inner + p);
        for (const transposeA of [false, true]) {
          for (const transposeB of [false, true]) {
            const at = put(b, transposeA ? ref.transpose(a) : a);
            const ct = put(b, transposeB ? ref.transpose(c) : c);
            await expectOp(
              b,
              (out) => b.matmul(at, ct, out, { transposeA, transposeB, alpha: 0.5 }),
              n,
              p,
              ref.matmul(a, c, 0.5),
              1e-4,
            ).catch((error) =>
              assert.fail(
                `${n}x${inner} · ${inner}x${p} (transposeA ${transposeA}, transposeB ${transposeB}): ${error.message}`,
              )
            );
          }
        }
      }
    },
  },
  {
    name: "refuses mismatched shapes, naming both",
    run: (b) => {
      const a = b.create(2, 3);
      const c = b.create(4, 5);
      assertShapeError(() => b.matmul(a, c, b.create(2, 5)), "2x3", "4x5");
      assertShapeError(
        () => b.matmul(a, b.create(3, 5), b.create(5, 2)),
        "5x2",
        "2x5",
      );
      assertShapeError(
        () => b.matmul(a, b.create(3, 4), b.create(3, 4), { transposeA: true }),
        "3x2",
        "3x4",
      );
      return Promise.resolve();
    },
  },
  {
    name: "refuses to write into one of its inputs",
    run: (b) => {
      const a = b.create(3, 3);
      assert.throws(() => b.matmul(a, b.create(3, 3), a), TypeError);
      return Promise.resolve();
    },
  },
];

const addBiasCases: ConformanceCase[] = [
  {
    name: "adds a bias column to every column",
    run: async (b) => {
      const x = put(b, matrix(2, 3, [1, 2, 3, 4, 5, 6]));
      const bias = put(b, matrix(2, 1, [10, -1]));
      await expectOp(
        b,
        (out) => b.addBias(x, bias, out),
        2,
        3,
        matrix(2, 3, [11, 12, 13, 3, 4, 5]),
      );
    },
  },
  {
    name: "matches the reference and works in place",
    run: async (b) => {
      const x = random(7, 11, 11);
      const bias = random(7, 1, 12);
      const expected = ref.map(x, (v, i) => v + ref.at(bias, i, 0));
      const xt = put(b, x);
      b.addBias(xt, put(b, bias), xt);
      assertClose(await get(b, xt), expected);
    },
  },
  {
    name: "refuses a bias that is not one column per row",
    run: (b) => {
      const x = b.create(3, 4);
      assertShapeError(() => b.addBias(x, b.create(4, 1), b.create(3, 4)), "4x1", "3x1");
      assertShapeError(() => b.addBias(x, b.create(3, 2), b.create(3, 4)), "3x2", "3x1");
      assertShapeError(() => b.addBias(x, b.create(3, 1), b.create(4, 3)), "3x4", "4x3");
      return Promise.resolve();
    },
  },
];

/** Random values in [-4, 4): every activation's curved part and its tails. */
function spread(rows: number, cols: number, seed: number): Matrix {
  return ref.map(random(rows, cols, seed), (x) => 4 * x);
}

const HAND_Z = [-2, 0, 3, 0.5, -0.25, 7];
const HAND_ACTIVATIONS: Record<Activation, number[]> = {
  "relu": [0, 0, 3, 0.5, 0, 7],
  "leaky-relu": [-0.02, 0, 3, 0.5, -0.0025, 7],
  "tanh": [-0.9640275801, 0, 0.9950547537, 0.4621171573, -0.2449186624, 0.9999983369],
  "sigmoid": [0.119202922, 0.5, 0.9525741268, 0.6224593312, 0.4378234991, 0.9990889488],
};

const activateCases: ConformanceCase[] = [
  {
    name: "computes each activation at hand-computed points",
    run: async (b) => {
      const z = put(b, matrix(2, 3, HAND_Z));
      for (const g of ACTIVATIONS) {
        await expectOp(b, (out) => b.activate(z, out, g), 2, 3, matrix(2, 3, HAND_ACTIVATIONS[g]));
      }
    },
  },
  {
    name: "matches the float64 reference in place, for every activation",
    run: async (b) => {
      for (const g of ACTIVATIONS) {
        const z = spread(7, 9, 31);
        const zt = put(b, z);
        b.activate(zt, zt, g);
        assertClose(await get(b, zt), ref.map(z, (v) => ref.activation(g, v, LEAKY_RELU_SLOPE)));
      }
    },
  },
  {
    name: "stays finite for logits of ±1000, and works on 1x1",
    run: async (b) => {
      const z = put(b, matrix(1, 2, [-1000, 1000]));
      const expected: Record<Activation, number[]> = {
        "relu": [0, 1000],
        "leaky-relu": [-10, 1000],
        "tanh": [-1, 1],
        "sigmoid": [0, 1],
      };
      for (const g of ACTIVATIONS) {
        await expectOp(b, (out) => b.activate(z, out, g), 1, 2, matrix(1, 2, expected[g]));
        const one = put(b, matrix(1, 1, [-1]));
        b.activate(one, one, g);
        assertClose(await get(b, one), matrix(1, 1, [ref.activation(g, -1, LEAKY_RELU_SLOPE)]));
      }
    },
  },
  {
    name: "refuses an output of another shape and an unknown activation",
    run: (b) => {
      for (const g of ACTIVATIONS) {
        assertShapeError(() => b.activate(b.create(2, 3), b.create(3, 2), g), "2x3", "3x2");
      }
      assert.throws(
        () => b.activate(b.create(1, 1), b.create(1, 1), "swish" as Activation),
        RangeError,
      );
      return Promise.resolve();
    },
  },
];

const HAND_GRAD = [1, 2, 3, 4];
const HAND_GRAD_Z = [0.5, 0, -1, 2];
const HAND_DERIVATIVES: Record<Activation, number[]> = {
  "relu": [1, 0, 0, 4],
  "leaky-relu": [1, 0.02, 0.03, 4],
  "tanh": [0.786447733, 2, 1.2599230248, 0.2826032994],
  "sigmoid": [0.2350037122, 0.5, 0.5898357997, 0.4199743416],
};

const activateGradCases: ConformanceCase[] = [
  {
    name: "multiplies by each derivative at hand-computed points (z = 0 blocks ReLU)",
    run: async (b) => {
      const grad = put(b, matrix(2, 2, HAND_GRAD));
      const z = put(b, matrix(2, 2, HAND_GRAD_Z));
      for (const g of ACTIVATIONS) {
        await expectOp(
          b,
          (out) => b.activateGrad(grad, z, out, g),
          2,
          2,
          matrix(2, 2, HAND_DERIVATIVES[g]),
        );
      }
    },
  },
  {
    name: "matches the float64 reference in place, for every activation",
    run: async (b) => {
      for (const g of ACTIVATIONS) {
        const grad = random(6, 9, 13);
        const z = spread(6, 9, 14);
        const expected = ref.map(
          grad,
          (v, i, j) => v * ref.activationDerivative(g, ref.at(z, i, j), LEAKY_RELU_SLOPE),
        );
        const gradT = put(b, grad);
        b.activateGrad(gradT, put(b, z), gradT, g);
        assertClose(await get(b, gradT), expected);
      }
    },
  },
  {
    name: "stays finite for z of ±1000",
    run: async (b) => {
      const grad = put(b, matrix(1, 2, [1, 1]));
      const z = put(b, matrix(1, 2, [-1000, 1000]));
      const expected: Record<Activation, number[]> = {
        "relu": [0, 1],
        "leaky-relu": [LEAKY_RELU_SLOPE, 1],
        "tanh": [0, 0],
        "sigmoid": [0, 0],
      };
      for (const g of ACTIVATIONS) {
        await expectOp(
          b,
          (out) => b.activateGrad(grad, z, out, g),
          1,
          2,
          matrix(1, 2, expected[g]),
        );
      }
    },
  },
  {
    name: "refuses mismatched shapes and an unknown activation",
    run: (b) => {
      assertShapeError(
        () => b.activateGrad(b.create(2, 3), b.create(3, 2), b.create(2, 3), "tanh"),
        "2x3",
        "3x2",
      );
      assertShapeError(
        () => b.activateGrad(b.create(2, 3), b.create(2, 3), b.create(1, 3), "relu"),
        "1x3",
        "2x3",
      );
      assert.throws(
        () => b.activateGrad(b.create(1, 1), b.create(1, 1), b.create(1, 1), "swish" as Activation),
        RangeError,
      );
      return Promise.resolve();
    },
  },
];

const softmaxCases: ConformanceCase[] = [
  {
    name: "normalises each column on its own",
    run: async (b) => {
      const z = put(b, matrix(2, 2, [0, 1, Math.log(3), 1]));
      await expectOp(b, (out) => b.softmax(z, out), 2, 2, matrix(2, 2, [0.25, 0.5, 0.75, 0.5]));
    },
  },
  {
    name: "matches the reference, columns summing to 1",
    run: async (b) => {
      const z = ref.map(random(10, 13, 15), (v) => 5 * v);
      await expectOp(b, (out) => b.softmax(put(b, z), out), 10, 13, ref.softmax(z));
    },
  },
  {
    name: "stays finite for large logits (±1000)",
    run: async (b) => {
      const z = matrix(3, 2, [1000, -1000, 1000, -1000, 999, -1001]);
      await expectOp(b, (out) => b.softmax(put(b, z), out), 3, 2, ref.softmax(z));
    },
  },
  {
    name: "gives a uniform column for equal inputs and 1 for one row",
    run: async (b) => {
      await expectOp(
        b,
        (out) => b.softmax(put(b, matrix(4, 1, [2, 2, 2, 2])), out),
        4,
        1,
        matrix(4, 1, [0.25, 0.25, 0.25, 0.25]),
      );
      await expectOp(
        b,
        (out) => b.softmax(put(b, matrix(1, 3, [-5, 0, 80])), out),
        1,
        3,
        matrix(1, 3, [1, 1, 1]),
      );
    },
  },
  {
    name: "works in place",
    run: async (b) => {
      const z = random(5, 4, 16);
      const zt = put(b, z);
      b.softmax(zt, zt);
      assertClose(await get(b, zt), ref.softmax(z));
    },
  },
  {
    name: "refuses an output of another shape",
    run: (b) => {
      assertShapeError(() => b.softmax(b.create(10, 4), b.create(10, 5)), "10x4", "10x5");
      return Promise.resolve();
    },
  },
];

const softmaxCrossEntropyGradCases: ConformanceCase[] = [
  {
    name: "subtracts the one-hot labels",
    run: async (b) => {
      const probs = put(b, matrix(3, 2, [0.2, 0.1, 0.5, 0.6, 0.3, 0.3]));
      const labels = put(b, fromLabels([1, 2]));
      await expectOp(
        b,
        (out) => b.softmaxCrossEntropyGrad(probs, labels, out),
        3,
        2,
        matrix(3, 2, [0.2, 0.1, -0.5, 0.6, 0.3, -0.7]),
      );
    },
  },
  {
    name: "matches the reference in place",
    run: async (b) => {
      const probs = ref.softmax(random(10, 17, 17));
      const labels = randomLabels(17, 10, 18);
      const probsT = put(b, probs);
      b.softmaxCrossEntropyGrad(probsT, put(b, fromLabels(labels)), probsT);
      assertClose(await get(b, probsT), oneHotMinus(probs, labels));
    },
  },
  {
    name: "refuses labels out of range or not integers",
    run: (b) => {
      const probs = b.create(3, 2);
      for (const bad of [[0, 3], [-1, 0], [0.5, 1], [NaN, 0], [0, Infinity], [1e10, 0]]) {
        assert.throws(
          () => b.softmaxCrossEntropyGrad(probs, put(b, fromLabels(bad)), b.create(3, 2)),
          RangeError,
          `labels ${bad}`,
        );
      }
      // The first bad label is the one named, wherever it lies.
      const labels = put(b, fromLabels([0, 1, 2, 0, 1, 2, 7, 0, 9]));
      assert.throws(
        () => b.softmaxCrossEntropyGrad(b.create(3, 9), labels, b.create(3, 9)),
        /column 6 holds 7/,
      );
      assert.throws(
        () => b.crossEntropy(b.create(3, 9), labels, b.create(1, 1)),
        /column 6 holds 7/,
      );
      return Promise.resolve();
    },
  },
  {
    name: "refuses labels that are not one row per column",
    run: (b) => {
      assertShapeError(
        () => b.softmaxCrossEntropyGrad(b.create(3, 2), b.create(1, 3), b.create(3, 2)),
        "1x3",
        "1x2",
      );
      assertShapeError(
        () => b.softmaxCrossEntropyGrad(b.create(3, 2), b.create(1, 2), b.create(2, 3)),
        "2x3",
        "3x2",
      );
      return Promise.resolve();
    },
  },
];

const rowSumCases: ConformanceCase[] = [
  {
    name: "sums each row, scaled",
    run: async (b) => {
      const x = put(b, matrix(2, 3, [1, 2, 3, 4, 5, 6]));
      await expectOp(b, (out) => b.rowSum(x, out), 2, 1, matrix(2, 1, [6, 15]));
      await expectOp(b, (out) => b.rowSum(x, out, 0.5), 2, 1, matrix(2, 1, [3, 7.5]));
    },
  },
  {
    name: "matches the reference, one column included",
    run: async (b) => {
      const x = random(10, 300, 19);
      await expectOp(b, (out) => b.rowSum(put(b, x), out, 1 / 300), 10, 1, ref.rowSum(x, 1 / 300));
      const column = random(4, 1, 20);
      await expectOp(b, (out) => b.rowSum(put(b, column), out), 4, 1, column);
    },
  },
  {
    name: "refuses an output that is not one column per row",
    run: (b) => {
      assertShapeError(() => b.rowSum(b.create(3, 4), b.create(4, 1)), "4x1", "3x1");
      return Promise.resolve();
    },
  },
];

const axpbyCases: ConformanceCase[] = [
  {
    name: "computes alpha·x + beta·y",
    run: async (b) => {
      const x = put(b, matrix(1, 3, [1, 2, 3]));
      const y = put(b, matrix(1, 3, [10, 20, -30]));
      await expectOp(b, (out) => b.axpby(2, x, -0.1, y, out), 1, 3, matrix(1, 3, [1, 2, 9]));
    },
  },
  {
    name: "updates in place as gradient descent does, into x or into y",
    run: async (b) => {
      const w = random(10, 10, 21);
      const dw = random(10, 10, 22);
      const wt = put(b, w);
      b.axpby(1, wt, -0.1, put(b, dw), wt);
      assertClose(await get(b, wt), ref.map(w, (v, i, j) => v - 0.1 * ref.at(dw, i, j)));
      const vt = put(b, dw);
      b.axpby(0.9, put(b, w), 0.5, vt, vt);
      assertClose(await get(b, vt), ref.map(w, (v, i, j) => 0.9 * v + 0.5 * ref.at(dw, i, j)));
    },
  },
  {
    name: "refuses mismatched shapes",
    run: (b) => {
      assertShapeError(
        () => b.axpby(1, b.create(2, 3), 1, b.create(3, 2), b.create(2, 3)),
        "2x3",
        "3x2",
      );
      assertShapeError(
        () => b.axpby(1, b.create(2, 3), 1, b.create(2, 3), b.create(2, 2)),
        "2x2",
        "2x3",
      );
      return Promise.resolve();
    },
  },
];

const mulCases: ConformanceCase[] = [
  {
    name: "multiplies element by element",
    run: async (b) => {
      const x = put(b, matrix(1, 3, [1, 2, 3]));
      const y = put(b, matrix(1, 3, [4, -5, 0]));
      await expectOp(b, (out) => b.mul(x, y, out), 1, 3, matrix(1, 3, [4, -10, 0]));
    },
  },
  {
    name: "matches the reference in place, squares included",
    run: async (b) => {
      const x = random(9, 13, 41);
      const y = random(9, 13, 42, 0.5);
      const xt = put(b, x);
      b.mul(xt, put(b, y), xt);
      assertClose(await get(b, xt), ref.map(x, (v, i, j) => v * ref.at(y, i, j)));
      const st = put(b, y);
      b.mul(st, st, st);
      assertClose(await get(b, st), ref.map(y, (v) => v * v));
    },
  },
  {
    name: "refuses mismatched shapes",
    run: (b) => {
      assertShapeError(() => b.mul(b.create(2, 3), b.create(3, 2), b.create(2, 3)), "2x3", "3x2");
      assertShapeError(() => b.mul(b.create(2, 3), b.create(2, 3), b.create(3, 2)), "3x2", "2x3");
      return Promise.resolve();
    },
  },
];

const divSqrtCases: ConformanceCase[] = [
  {
    name: "divides by the root plus epsilon (a zero v gives a / epsilon)",
    run: async (b) => {
      const a = put(b, matrix(1, 3, [6, 1, -3]));
      const v = put(b, matrix(1, 3, [4, 0, 9]));
      await expectOp(b, (out) => b.divSqrt(a, v, 1, out), 1, 3, matrix(1, 3, [2, 1, -0.75]));
    },
  },
  {
    name: "matches the reference in place, with Adam's epsilon",
    run: async (b) => {
      const a = random(11, 7, 51);
      const v = ref.map(random(11, 7, 52, 0.2), (x) => x * x);
      const at = put(b, a);
      b.divSqrt(at, put(b, v), 1e-8, at);
      const expected = ref.map(a, (x, i, j) => x / (Math.sqrt(ref.at(v, i, j)) + 1e-8));
      assertClose(await get(b, at), expected);
    },
  },
  {
    name: "refuses mismatched shapes",
    run: (b) => {
      assertShapeError(
        () => b.divSqrt(b.create(2, 3), b.create(3, 2), 1e-8, b.create(2, 3)),
        "2x3",
        "3x2",
      );
      assertShapeError(
        () => b.divSqrt(b.create(2, 3), b.create(2, 3), 1e-8, b.create(1, 3)),
        "1x3",
        "2x3",
      );
      return Promise.resolve();
    },
  },
];

const sumSquaresCases: ConformanceCase[] = [
  {
    name: "sums the squares of every element",
    run: async (b) => {
      const x = put(b, matrix(2, 2, [3, -4, 1, 0]));
      await expectOp(b, (out) => b.sumSquares(x, out), 1, 1, matrix(1, 1, [26]));
      const one = put(b, matrix(1, 1, [-0.5]));
      await expectOp(b, (out) => b.sumSquares(one, out), 1, 1, matrix(1, 1, [0.25]));
    },
  },
  {
    name: "matches the reference on a large matrix",
    run: async (b) => {
      const x = random(129, 33, 61);
      const expected = x.values.reduce((sum, v) => sum + v * v, 0);
      await expectOp(b, (out) => b.sumSquares(put(b, x), out), 1, 1, matrix(1, 1, [expected]));
    },
  },
  {
    name: "refuses an output that is not 1x1",
    run: (b) => {
      assertShapeError(() => b.sumSquares(b.create(2, 3), b.create(1, 2)), "1x2", "1x1");
      return Promise.resolve();
    },
  },
];

const argmaxCases: ConformanceCase[] = [
  {
    name: "finds each column's largest row",
    run: async (b) => {
      const x = put(b, matrix(3, 3, [0.1, 5, -1, 0.7, 2, -3, 0.2, 9, -2]));
      await expectOp(b, (out) => b.argmax(x, out), 1, 3, matrix(1, 3, [1, 2, 0]));
    },
  },
  {
    name: "takes the first row on ties and 0 for one row",
    run: async (b) => {
      const x = put(b, matrix(3, 2, [1, 4, 1, 4, 1, 4]));
      await expectOp(b, (out) => b.argmax(x, out), 1, 2, matrix(1, 2, [0, 0]));
      const row = put(b, matrix(1, 2, [3, -3]));
      await expectOp(b, (out) => b.argmax(row, out), 1, 2, matrix(1, 2, [0, 0]));
    },
  },
  {
    name: "matches the reference",
    run: async (b) => {
      const x = random(10, 50, 23);
      await expectOp(b, (out) => b.argmax(put(b, x), out), 1, 50, fromLabels(ref.argmax(x)), 0);
    },
  },
  {
    name: "refuses an output that is not one row per column",
    run: (b) => {
      assertShapeError(() => b.argmax(b.create(10, 5), b.create(1, 4)), "1x4", "1x5");
      return Promise.resolve();
    },
  },
];

const crossEntropyCases: ConformanceCase[] = [
  {
    name: "averages −log of each column's labelled probability",
    run: async (b) => {
      const probs = put(b, matrix(2, 2, [0.5, 0.25, 0.5, 0.75]));
      const labels = put(b, fromLabels([0, 0]));
      await expectOp(
        b,
        (out) => b.crossEntropy(probs, labels, out),
        1,
        1,
        matrix(1, 1, [(Math.log(2) + Math.log(4)) / 2]),
      );
    },
  },
  {
    name: "matches the reference",
    run: async (b) => {
      const probs = ref.softmax(ref.map(random(10, 40, 24), (v) => 4 * v));
      const labels = randomLabels(40, 10, 25);
      await expectOp(
        b,
        (out) => b.crossEntropy(put(b, probs), put(b, fromLabels(labels)), out),
        1,
        1,
        matrix(1, 1, [ref.crossEntropy(probs, labels, PROBABILITY_FLOOR)]),
      );
    },
  },
  {
    name: "stays finite when the labelled probability is 0",
    run: async (b) => {
      const probs = put(b, matrix(2, 1, [1, 0]));
      await expectOp(
        b,
        (out) => b.crossEntropy(probs, put(b, fromLabels([1])), out),
        1,
        1,
        matrix(1, 1, [-Math.log(PROBABILITY_FLOOR)]),
        1e-4,
      );
    },
  },
  {
    name: "refuses bad labels and a wrong output shape",
    run: (b) => {
      assert.throws(
        () => b.crossEntropy(b.create(3, 1), put(b, fromLabels([3])), b.create(1, 1)),
        RangeError,
      );
      assertShapeError(
        () => b.crossEntropy(b.create(3, 2), b.create(1, 3), b.create(1, 1)),
        "1x3",
        "1x2",
      );
      assertShapeError(
        () => b.crossEntropy(b.create(3, 2), b.create(1, 2), b.create(1, 2)),
        "1x2",
        "1x1",
      );
      return Promise.resolve();
    },
  },
];

const createCases: ConformanceCase[] = [
  {
    name: "allocates zeros of the requested shape",
    run: async (b) => {
      const t = b.create(3, 4);
      assert.equal(t.rows, 3);
      assert.equal(t.cols, 4);
      assert.deepEqual(await get(b, t), matrix(3, 4, new Array(12).fill(0)));
    },
  },
  {
    name: "refuses dimensions that are not positive integers",
    run: (b) => {
      for (const [rows, cols] of [[0, 3], [2, -1], [1.5, 2], [Number.NaN, 1]]) {
        assert.throws(() => b.create(rows, cols), RangeError, `${rows}x${cols}`);
      }
      return Promise.resolve();
    },
  },
];

const uploadCases: ConformanceCase[] = [
  {
    name: "stores values row-major, rounded to float32",
    run: async (b) => {
      const t = put(b, matrix(2, 2, [0.1, 2, -3, 1e-8]));
      assert.deepEqual(
        (await get(b, t)).values,
        [0.1, 2, -3, 1e-8].map(Math.fround),
      );
    },
  },
  {
    name: "accepts any array of numbers, bytes included",
    run: async (b) => {
      const t = b.create(1, 3);
      b.upload(t, Uint8Array.from([0, 128, 255]));
      assert.deepEqual((await get(b, t)).values, [0, 128, 255]);
    },
  },
  {
    name: "refuses a length that does not match the shape",
    run: (b) => {
      assert.throws(() => b.upload(b.create(2, 2), [1, 2, 3]), TypeError);
      return Promise.resolve();
    },
  },
];

const downloadCases: ConformanceCase[] = [
  {
    name: "returns a copy the caller may change",
    run: async (b) => {
      const t = put(b, matrix(1, 2, [1, 2]));
      const first = await b.download(t);
      first[0] = 99;
      assert.deepEqual((await get(b, t)).values, [1, 2]);
    },
  },
];

const disposeCases: ConformanceCase[] = [
  {
    name: "frees one tensor and leaves the others intact",
    run: async (b) => {
      const keep = put(b, matrix(1, 2, [5, 6]));
      const drop = put(b, matrix(1, 2, [7, 8]));
      b.dispose(drop);
      const next = put(b, matrix(1, 2, [9, 10]));
      assert.deepEqual((await get(b, keep)).values, [5, 6]);
      assert.deepEqual((await get(b, next)).values, [9, 10]);
    },
  },
];

/**
 * Every op's cases. Typed by {@linkcode BackendOp}, so adding an op to the
 * interface without adding its cases here is a compile error.
 */
export const CONFORMANCE_CASES: { readonly [Op in BackendOp]: readonly ConformanceCase[] } = {
  create: createCases,
  upload: uploadCases,
  download: downloadCases,
  dispose: disposeCases,
  matmul: matmulCases,
  addBias: addBiasCases,
  activate: activateCases,
  activateGrad: activateGradCases,
  softmax: softmaxCases,
  softmaxCrossEntropyGrad: softmaxCrossEntropyGradCases,
  rowSum: rowSumCases,
  axpby: axpbyCases,
  mul: mulCases,
  divSqrt: divSqrtCases,
  sumSquares: sumSquaresCases,
  argmax: argmaxCases,
  crossEntropy: crossEntropyCases,
  im2col: WINDOW_CASES.im2col,
  col2im: WINDOW_CASES.col2im,
  maxPool: WINDOW_CASES.maxPool,
  maxPoolGrad: WINDOW_CASES.maxPoolGrad,
  reshape: WINDOW_CASES.reshape,
  uploadPixels: uploadPixelsCases,
};
