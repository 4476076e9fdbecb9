import assert from "node:assert/strict";
import { ACTIVATIONS } from "@simple-mnist/backend";
import { JsBackend, type JsTensor } from "@simple-mnist/backend-js";
import {
  type Backend,
  type BuildContext,
  DENSE,
  Dense,
  dense,
  type DenseSpec,
  GRADIENT_CHECK_THRESHOLD,
  gradientCheck,
  type Layer,
  LAYER_TYPES,
  type LayerType,
  type Param,
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
