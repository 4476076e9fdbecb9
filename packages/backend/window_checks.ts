import { expectShape } from "./checks.ts";
import { shapeOf, type Tensor } from "./tensor.ts";
import type { WindowGeometry } from "./window_geometry.ts";
import type { OpCheck } from "./op_checks.ts";

/**
 * Throws a `RangeError` unless a geometry is whole: its sizes, kernel and
 * stride positive integers, its padding a non-negative integer smaller than
 * the kernel, and every window overlapping the image (so that a max-pool
 * always has a pixel to take).
 *
 * @param action What could not be done, e.g. `"Cannot im2col"`.
 * @param g The geometry.
 * @throws {RangeError} `"<action>: the geometry's <field> …"`.
 *
 * @example
 * ```ts
 * import { expectWindowGeometry, windowGeometry } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * expectWindowGeometry("Cannot im2col", windowGeometry(1, 28, 28, 5));
 * assert.throws(
 *   () => expectWindowGeometry("Cannot im2col", { ...windowGeometry(1, 4, 4, 3), outHeight: 5 }),
 *   {
 *     name: "RangeError",
 *     message: "Cannot im2col: the geometry's window row 4 starts at row 4 and leaves the 4x4 image (kernel 3, stride 1, pad 0)",
 *   },
 * );
 * ```
 */
export function expectWindowGeometry(action: string, g: WindowGeometry): void {
  const { channels, height, width, kernel, stride, pad, outHeight, outWidth } = g;
  const positive = { channels, height, width, kernel, stride, outHeight, outWidth };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `${action}: the geometry's ${name} must be a positive integer, not ${value}`,
      );
    }
  }
  if (!Number.isInteger(pad) || pad < 0 || pad >= kernel) {
    throw new RangeError(
      `${action}: the geometry's pad must be an integer in [0, ${kernel}) for a ${kernel}x${kernel} window, not ${pad}`,
    );
  }
  const describe = `${height}x${width} image (kernel ${kernel}, stride ${stride}, pad ${pad})`;
  const lastRow = (outHeight - 1) * stride - pad;
  if (lastRow >= height) {
    throw new RangeError(
      `${action}: the geometry's window row ${
        outHeight - 1
      } starts at row ${lastRow} and leaves the ${describe}`,
    );
  }
  const lastColumn = (outWidth - 1) * stride - pad;
  if (lastColumn >= width) {
    throw new RangeError(
      `${action}: the geometry's window column ${
        outWidth - 1
      } starts at column ${lastColumn} and leaves the ${describe}`,
    );
  }
}

/**
 * Throws a `TypeError` unless `image` is an image batch of the geometry's
 * C x H x W pixels: `(C·H·W) x m` for some `m`, which it returns.
 *
 * @param action What could not be done.
 * @param name The argument's name in the message.
 * @param image The tensor.
 * @param g The geometry.
 * @returns m, the number of samples.
 * @throws {TypeError} `"<action>: <name> is AxB but must be (C·H·W)xB"`.
 *
 * @example
 * ```ts
 * import { expectImages, windowGeometry } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const g = windowGeometry(1, 28, 28, 5);
 * assert.equal(expectImages("Cannot im2col", "x", { rows: 784, cols: 3 }, g), 3);
 * assert.throws(() => expectImages("Cannot im2col", "x", { rows: 783, cols: 3 }, g), {
 *   name: "TypeError",
 *   message: "Cannot im2col: x is 783x3 but must be 784x3 (1x28x28 images)",
 * });
 * ```
 */
export function expectImages(
  action: string,
  name: string,
  image: Tensor,
  g: WindowGeometry,
): number {
  const rows = g.channels * g.height * g.width;
  if (image.rows !== rows) {
    throw new TypeError(
      `${action}: ${name} is ${
        shapeOf(image)
      } but must be ${rows}x${image.cols} (${g.channels}x${g.height}x${g.width} images)`,
    );
  }
  return image.cols;
}

/**
 * Throws a `TypeError` if `out` is one of an op's inputs, for the ops that
 * cannot write in place.
 *
 * @param action What could not be done.
 * @param out The destination.
 * @param inputs The inputs it must not be.
 * @throws {TypeError} `"<action>: out must not be one of the inputs"`.
 *
 * @example
 * ```ts
 * import { expectNotAliased } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const x = { rows: 2, cols: 2 };
 * expectNotAliased("Cannot reshape", { rows: 2, cols: 2 }, x);
 * assert.throws(() => expectNotAliased("Cannot reshape", x, x), TypeError);
 * ```
 */
export function expectNotAliased(action: string, out: Tensor, ...inputs: Tensor[]): void {
  if (inputs.includes(out)) throw new TypeError(`${action}: out must not be one of the inputs`);
}

/**
 * The checks of the window ops and `reshape`, which `OP_CHECKS` takes as
 * its entries: each checks the geometry (a `RangeError`), then the shapes
 * (a `TypeError` naming the tensor, its shape and the shape it must have).
 *
 * @example
 * ```ts
 * import { WINDOW_CHECKS, windowGeometry } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const g = windowGeometry(1, 28, 28, 5);
 * WINDOW_CHECKS.im2col({ rows: 784, cols: 2 }, g, { rows: 25, cols: 576 * 2 });
 * assert.throws(
 *   () => WINDOW_CHECKS.im2col({ rows: 784, cols: 2 }, g, { rows: 25, cols: 576 }),
 *   { name: "TypeError", message: "Cannot im2col: out is 25x576 but must be 25x1152" },
 * );
 * ```
 */
export const WINDOW_CHECKS: {
  readonly [Op in "im2col" | "col2im" | "maxPool" | "maxPoolGrad" | "reshape"]: OpCheck<Op>;
} = {
  /** x is (C·H·W) x m; out is (C·k·k) x (H′·W′·m). */
  im2col(x: Tensor, g: WindowGeometry, out: Tensor): void {
    const action = "Cannot im2col";
    expectWindowGeometry(action, g);
    const m = expectImages(action, "x", x, g);
    expectShape(action, "out", out, g.channels * g.kernel ** 2, g.outHeight * g.outWidth * m);
    expectNotAliased(action, out, x);
  },
  /** out is (C·H·W) x m; cols is (C·k·k) x (H′·W′·m). */
  col2im(cols: Tensor, g: WindowGeometry, out: Tensor): void {
    const action = "Cannot col2im";
    expectWindowGeometry(action, g);
    const m = expectImages(action, "out", out, g);
    expectShape(action, "cols", cols, g.channels * g.kernel ** 2, g.outHeight * g.outWidth * m);
    expectNotAliased(action, out, cols);
  },
  /** x is (C·H·W) x m; out is (C·H′·W′) x m. */
  maxPool(x: Tensor, g: WindowGeometry, out: Tensor): void {
    const action = "Cannot max-pool";
    expectWindowGeometry(action, g);
    const m = expectImages(action, "x", x, g);
    expectShape(action, "out", out, g.channels * g.outHeight * g.outWidth, m);
    expectNotAliased(action, out, x);
  },
  /** x and out are (C·H·W) x m; grad is (C·H′·W′) x m. */
  maxPoolGrad(grad: Tensor, x: Tensor, g: WindowGeometry, out: Tensor): void {
    const action = "Cannot differentiate the max-pool";
    expectWindowGeometry(action, g);
    const m = expectImages(action, "x", x, g);
    expectShape(action, "grad", grad, g.channels * g.outHeight * g.outWidth, m);
    expectShape(action, "out", out, x.rows, m);
    expectNotAliased(action, out, grad, x);
  },
  /** src and out hold as many values; out is not src. */
  reshape(src: Tensor, out: Tensor): void {
    const action = "Cannot reshape";
    if (src.rows * src.cols !== out.rows * out.cols) {
      throw new TypeError(
        `${action}: src is ${shapeOf(src)} (${src.rows * src.cols} values) but out is ${
          shapeOf(out)
        } (${out.rows * out.cols} values)`,
      );
    }
    expectNotAliased(action, out, src);
  },
};
