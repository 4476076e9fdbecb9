import assert from "node:assert/strict";
import { ACTIVATIONS } from "@simple-mnist/backend";
import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
import {
  type Backend,
  type BuildContext,
  CONV2D,
  Conv2d,
  conv2d,
  type Conv2dSpec,
  DENSE,
  Dense,
  dense,
  type DenseSpec,
  flatten,
  GRADIENT_CHECK_THRESHOLD,
  gradientCheck,
  type GradientCheckResult,
  type Layer,
  LAYER_TYPES,
  type LayerType,
  MAX_POOL_2D,
  MaxPool2d,
  maxPool2d,
  type MaxPool2dSpec,
  type Param,
  planNet,
  relu,
  shapeSize,
  tanh,
  type Tensor,
} from "./mod.ts";
import { testBackends } from "./_test_backends.ts";

const DEPTHS = [[5], [5, 4], [5, 4, 3]] as const;

for (const backend of testBackends()) {
  Deno.test(`gradientCheck() on ${backend.name}`, async (t) => {
    for (const hidden of DEPTHS) {
      for (const activation of ACTIVATIONS) {
        await t.step(`passes ${hidden.length} hidden layer(s) of ${activation}`, async () => {
          const result = await gradientCheck(backend, { hidden, activation });
          const widths = [6, ...hidden, 4];
          let parameters = 0;
          for (let l = 1; l < widths.length; l++) parameters += widths[l] * (widths[l - 1] + 1);
          assert.equal(result.checked + result.skipped, parameters);
          // Kinks are rare at random points: most entries are compared.
          assert.ok(result.checked > 0.8 * parameters, `only ${result.checked} of ${parameters}`);
          assert.equal(result.tensors.length, 2 * (hidden.length + 1));
          assert.ok(
            result.maxRelativeError <= GRADIENT_CHECK_THRESHOLD,
            `${result.maxRelativeError} at ${result.worst}`,
          );
        });
      }
    }
  });
}

for (const backend of testBackends()) {
  Deno.test(`gradientCheck() with L2 and dropout on ${backend.name}`, async (t) => {
    await t.step("passes with the seed's L2 in loss and gradient", async () => {
      const result = await gradientCheck(backend, { hidden: [5, 4], l2: 0.5 });
      assert.ok(result.maxRelativeError <= GRADIENT_CHECK_THRESHOLD, `${result.worst}`);
    });
    await t.step("passes with a fixed dropout mask", async () => {
      const result = await gradientCheck(backend, {
        hidden: [6, 5],
        dropout: 0.3,
        activation: "tanh",
      });
      assert.ok(result.maxRelativeError <= GRADIENT_CHECK_THRESHOLD, `${result.worst}`);
    });
  });
}

/** A JsBackend whose L2 gradient term is missing (dW += λ/m·W dropped). */
class NoL2GradientBackend extends JsBackend {
  override axpby(alpha: number, x: JsTensor, beta: number, y: JsTensor, out: JsTensor): void {
    // dW += λ/m·W is the only axpby that adds a matrix W into another in place
    // (the loss's penalty adds into a 1x1).
    if (out === x && y !== x && alpha === 1 && beta > 0 && y.data.length > 1) return;
    super.axpby(alpha, x, beta, y, out);
  }
}

/** A JsBackend whose activation derivative lets the gradient through unchanged. */
class IdentityDerivativeBackend extends JsBackend {
  override activateGrad(grad: JsTensor, _z: JsTensor, out: JsTensor): void {
    out.data.set(grad.data);
  }
}

/** A JsBackend that forgets the 1/m of the bias gradients. */
class UnscaledBiasBackend extends JsBackend {
  override rowSum(x: JsTensor, out: JsTensor): void {
    super.rowSum(x, out, 1);
  }
}

Deno.test("gradientCheck() catches wrong gradients", async (t) => {
  await t.step("an activation derivative that is always 1", async () => {
    for (const activation of ACTIVATIONS) {
      const { maxRelativeError } = await gradientCheck(new IdentityDerivativeBackend(), {
        hidden: [5, 4],
        activation,
      });
      assert.ok(maxRelativeError > 0.1, `${activation}: only ${maxRelativeError}`);
    }
  });
  await t.step("an L2 gradient that leaves out λ/m·W", async () => {
    const { maxRelativeError, worst } = await gradientCheck(new NoL2GradientBackend(), {
      hidden: [5, 4],
      l2: 2,
    });
    assert.ok(maxRelativeError > 0.1, `only ${maxRelativeError}`);
    assert.match(worst, /^W/);
  });
  await t.step("bias gradients without 1/m", async () => {
    const { maxRelativeError, worst } = await gradientCheck(new UnscaledBiasBackend());
    assert.ok(maxRelativeError > 0.1, `only ${maxRelativeError}`);
    assert.match(worst, /^b[12]\[/);
  });
  await t.step("one sabotaged layer's backward, named by its tensors", async () => {
    // Layer 2's dW comes out doubled; every other layer is right.
    class Doubled<T extends Tensor> extends Dense<T> {
      readonly #backend: Backend<T>;
      constructor(spec: DenseSpec, context: BuildContext<T>) {
        super(spec, context);
        this.#backend = context.backend;
      }
      override backward(dZ: T): T | undefined {
        const dA = super.backward(dZ);
        const dW = this.W.grad;
        if (this.W.name === "W2") this.#backend.axpby(2, dW, 0, dW, dW);
        return dA;
      }
    }
    const sabotaged: LayerType<DenseSpec> = {
      ...DENSE,
      build: (spec, context) => new Doubled(spec, context),
    };
    const result = await gradientCheck(new JsBackend(), {
      hidden: [5, 4, 3],
      types: [sabotaged, ...LAYER_TYPES.filter((type) => type.type !== "dense")],
    });
    const failing = result.tensors.filter((t) => t.maxRelativeError > GRADIENT_CHECK_THRESHOLD);
    assert.deepEqual(failing.map((t) => t.name), ["W2"]);
  });
  await t.step("skips entries whose perturbation crosses a ReLU kink", async () => {
    // A step of 0.5 moves pre-activations across 0 often.
    const result = await gradientCheck(new JsBackend(), { hidden: [5, 4], epsilon: 0.5 });
    assert.ok(result.skipped > 0);
    const smooth = await gradientCheck(new JsBackend(), {
      hidden: [5, 4],
      epsilon: 0.5,
      activation: "tanh",
    });
    assert.equal(smooth.skipped, 0);
  });
});

/**
 * A toy layer type, in one place as a new layer's file would be: `y = x + c`
 * with a learned shift `c` per unit, so `dc = Σⱼ dy / m` and `dx = dy`.
 * Registered by passing it in `types`.
 */
type ShiftSpec = { readonly type: "shift" };
const SHIFT: LayerType<ShiftSpec> = {
  type: "shift",
  parse: () => ({ type: "shift" }),
  outputShape: (_spec, input) => input,
  params: (_spec, input) => [{ name: "c", shape: [input[0]], role: "zero", fanIn: 1 }],
  describe: () => "shift()",
  build<T extends Tensor>(spec: ShiftSpec, context: BuildContext<T>): Layer<T> {
    const { backend, input } = context;
    const c: Param<T> = { ...context.param("c"), isWeight: false };
    const out = new Map<number, T>();
    return {
      spec,
      inputShape: input,
      outputShape: input,
      forward(x: T) {
        let y = out.get(x.cols);
        if (y === undefined) out.set(x.cols, y = backend.create(x.rows, x.cols));
        backend.addBias(x, c.value, y);
        return y;
      },
      backward(dy: T) {
        backend.rowSum(dy, c.grad, 1 / dy.cols);
        return dy;
      },
      params: () => [c],
      dispose: () => out.forEach((y) => backend.dispose(y)),
    };
  },
};

for (const backend of testBackends()) {
  Deno.test(`gradientCheck() on a new layer type on ${backend.name}`, async (t) => {
    await t.step("checks a toy layer's parameter with the others", async () => {
      const result = await gradientCheck(backend, {
        layers: [dense(6, 5), tanh(), { type: "shift" }, dense(5, 4)],
        types: [...LAYER_TYPES, SHIFT],
      });
      assert.deepEqual(result.tensors.map((t) => t.name), ["W1", "b1", "c2", "W3", "b3"]);
      assert.ok(result.maxRelativeError <= GRADIENT_CHECK_THRESHOLD, `${result.worst}`);
    });
  });
}

/**
 * Small conv nets: one convolution with ReLU or tanh and pooling; two
 * convolutions (same padding; stride 2; an overlapping pool); two channels
 * in and a 1x1 kernel. In a ReLU net a probe of the first layer's weights
 * moves every pre-activation after it, and skips the entry if any crosses
 * 0, so those nets see few samples: each tensor is then mostly compared.
 */
const CONV_NETS = [
  {
    name: "conv, relu, max-pool, dense on 1x6x6",
    input: [1, 6, 6],
    layers: [conv2d(2, 3), relu(), maxPool2d(2), flatten(), dense(8, 4)],
    samples: 2,
    seed: 1,
  },
  {
    name: "conv, tanh, max-pool, dense on 1x8x8",
    input: [1, 8, 8],
    layers: [conv2d(3, 3), tanh(), maxPool2d(2), flatten(), dense(27, 4)],
    samples: 4,
    seed: 1,
  },
  {
    name: "two convolutions (same; stride 2) with tanh and an overlapping pool on 1x8x8",
    input: [1, 8, 8],
    layers: [
      conv2d(3, 3, { padding: "same" }),
      tanh(),
      conv2d(4, 3, { stride: 2 }),
      tanh(),
      maxPool2d(2, 1),
      flatten(),
      dense(16, 4),
    ],
    samples: 2,
    seed: 1,
  },
  {
    name: "two convolutions with tanh, relu and max-pooling on 1x8x8",
    input: [1, 8, 8],
    layers: [
      conv2d(3, 3, { padding: "same" }),
      tanh(),
      conv2d(4, 3, { stride: 2 }),
      relu(),
      maxPool2d(2),
      flatten(),
      dense(4, 4),
    ],
    samples: 4,
    seed: 2,
  },
  {
    name: "two channels in, 1x1 and 3x3 stride-2 same convolutions on 2x7x7",
    input: [2, 7, 7],
    layers: [
      conv2d(3, 1),
      tanh(),
      conv2d(2, 3, { stride: 2, padding: "same" }),
      flatten(),
      dense(32, 3),
    ],
    samples: 8,
    seed: 1,
  },
];

for (const backend of testBackends()) {
  Deno.test(`gradientCheck() on conv nets on ${backend.name}`, async (t) => {
    for (const { name, ...net } of CONV_NETS) {
      await t.step(`passes ${name}`, async () => {
        const result = await gradientCheck(backend, net);
        const { plans } = planNet(net.layers, net.input);
        const shapes = plans.flatMap((plan) => plan.params.map((p) => p.spec.shape));
        assert.deepEqual(result.tensors.map((t) => t.checked + t.skipped), shapes.map(shapeSize));
        for (const { name, checked, skipped } of result.tensors) {
          assert.ok(checked >= 0.6 * (checked + skipped), `${name}: only ${checked} compared`);
        }
        assert.ok(
          result.maxRelativeError <= GRADIENT_CHECK_THRESHOLD,
          `${result.maxRelativeError} at ${result.worst}`,
        );
      });
    }
  });
}

Deno.test("gradientCheck() catches a sabotaged conv or pooling backward", async (t) => {
  const [reluNet, , twoConvs] = CONV_NETS;
  const others = (type: string) => LAYER_TYPES.filter((t) => t.type !== type);
  const failing = (result: GradientCheckResult) =>
    result.tensors.filter((t) => t.maxRelativeError > GRADIENT_CHECK_THRESHOLD).map((t) => t.name);

  await t.step("a second convolution whose dW comes out doubled", async () => {
    class Doubled<T extends Tensor> extends Conv2d<T> {
      readonly #backend: Backend<T>;
      constructor(spec: Conv2dSpec, context: BuildContext<T>) {
        super(spec, context);
        this.#backend = context.backend;
      }
      override backward(dZ: T): T | undefined {
        const dX = super.backward(dZ);
        if (this.W.name === "W2") this.#backend.axpby(2, this.W.grad, 0, this.W.grad, this.W.grad);
        return dX;
      }
    }
    const sabotaged: LayerType<Conv2dSpec> = {
      ...CONV2D,
      build: (spec, context) => new Doubled(spec, context),
    };
    const result = await gradientCheck(new JsBackend(), {
      ...twoConvs,
      types: [sabotaged, ...others("conv2d")],
    });
    assert.deepEqual(failing(result), ["W2"]);
  });
  await t.step("a second convolution that passes back the wrong dX", async () => {
    class Halved<T extends Tensor> extends Conv2d<T> {
      readonly #backend: Backend<T>;
      constructor(spec: Conv2dSpec, context: BuildContext<T>) {
        super(spec, context);
        this.#backend = context.backend;
      }
      override backward(dZ: T): T | undefined {
        const dX = super.backward(dZ);
        if (dX !== undefined) this.#backend.axpby(0.5, dX, 0, dX, dX);
        return dX;
      }
    }
    const sabotaged: LayerType<Conv2dSpec> = {
      ...CONV2D,
      build: (spec, context) => new Halved(spec, context),
    };
    const result = await gradientCheck(new JsBackend(), {
      ...twoConvs,
      types: [sabotaged, ...others("conv2d")],
    });
    // Only the layer before it is hurt: its W1 and b1.
    assert.deepEqual(failing(result), ["W1", "b1"]);
  });
  await t.step("a max-pooling that spreads its gradient over the window", async () => {
    // dX = the window's gradient on every pixel of it, not only on the winner.
    class Spread<T extends Tensor> extends MaxPool2d<T> {
      readonly #backend: JsBackend;
      constructor(spec: MaxPool2dSpec, context: BuildContext<T>) {
        super(spec, context);
        this.#backend = context.backend as unknown as JsBackend;
      }
      override backward(dA: T): T | undefined {
        const dX = super.backward(dA) as unknown as JsTensor;
        const grad = dA as unknown as JsTensor;
        const { channels: C, height: H, width: W, kernel: k, stride: s } = this.geometry;
        const { outHeight, outWidth } = this.geometry;
        const m = grad.cols;
        dX.data.fill(0);
        for (let c = 0; c < C; c++) {
          for (let oy = 0; oy < outHeight; oy++) {
            for (let ox = 0; ox < outWidth; ox++) {
              for (let i = 0; i < k; i++) {
                for (let j = 0; j < k; j++) {
                  for (let n = 0; n < m; n++) {
                    dX.data[((c * H + oy * s + i) * W + ox * s + j) * m + n] +=
                      grad.data[((c * outHeight + oy) * outWidth + ox) * m + n];
                  }
                }
              }
            }
          }
        }
        return dX as unknown as T;
      }
    }
    const sabotaged: LayerType<MaxPool2dSpec> = {
      ...MAX_POOL_2D,
      build: (spec, context) => new Spread(spec, context),
    };
    const result = await gradientCheck(new JsBackend(), {
      ...reluNet,
      types: [sabotaged, ...others("maxPool2d")],
    });
    assert.deepEqual(failing(result), ["W1", "b1"]);
  });
});
