import assert from "node:assert/strict";
import {
  expectImages,
  expectNotAliased,
  expectWindowGeometry,
  WINDOW_CHECKS,
} from "./window_checks.ts";
import { windowGeometry } from "./window_geometry.ts";

const shape = (rows: number, cols: number) => ({ rows, cols });

Deno.test("expectWindowGeometry()", async (t) => {
  const g = windowGeometry(2, 6, 6, 3, { stride: 2, padding: "same" });
  await t.step("accepts what windowGeometry makes, and padding past the far edge", () => {
    expectWindowGeometry("Cannot im2col", g);
    expectWindowGeometry("Cannot im2col", { ...windowGeometry(1, 4, 4, 3), outHeight: 4 });
  });
  await t.step("refuses each field that is not a positive integer", () => {
    for (
      const field of ["channels", "height", "width", "kernel", "stride", "outHeight", "outWidth"]
    ) {
      assert.throws(() => expectWindowGeometry("Cannot im2col", { ...g, [field]: 0 }), {
        name: "RangeError",
        message: `Cannot im2col: the geometry's ${field} must be a positive integer, not 0`,
      });
    }
  });
  await t.step("refuses a pad as large as the kernel, or negative", () => {
    assert.throws(() => expectWindowGeometry("Cannot max-pool", { ...g, pad: 3 }), {
      name: "RangeError",
      message:
        "Cannot max-pool: the geometry's pad must be an integer in [0, 3) for a 3x3 window, not 3",
    });
    assert.throws(() => expectWindowGeometry("Cannot max-pool", { ...g, pad: -1 }), RangeError);
  });
  await t.step("refuses a window that starts past the image", () => {
    assert.throws(() => expectWindowGeometry("Cannot col2im", { ...g, outWidth: 4 }), {
      name: "RangeError",
      message:
        "Cannot col2im: the geometry's window column 3 starts at column 6 and leaves the 6x6 image (kernel 3, stride 2, pad 0)",
    });
  });
});

Deno.test("expectImages()", async (t) => {
  await t.step("returns the number of samples and names the shape it wants", () => {
    const g = windowGeometry(3, 4, 5, 2);
    assert.equal(expectImages("Cannot max-pool", "x", shape(60, 7), g), 7);
    assert.throws(() => expectImages("Cannot max-pool", "x", shape(20, 7), g), {
      name: "TypeError",
      message: "Cannot max-pool: x is 20x7 but must be 60x7 (3x4x5 images)",
    });
  });
});

Deno.test("expectNotAliased()", async (t) => {
  await t.step("refuses out among the inputs", () => {
    const [a, b] = [shape(1, 1), shape(1, 1)];
    expectNotAliased("Cannot reshape", a, b);
    assert.throws(() => expectNotAliased("Cannot reshape", a, b, a), {
      name: "TypeError",
      message: "Cannot reshape: out must not be one of the inputs",
    });
  });
});

Deno.test("WINDOW_CHECKS", async (t) => {
  const conv = windowGeometry(1, 28, 28, 5);
  const pool = windowGeometry(16, 24, 24, 2, { stride: 2 });
  await t.step("accepts the anchor net's shapes", () => {
    WINDOW_CHECKS.im2col(shape(784, 128), conv, shape(25, 576 * 128));
    WINDOW_CHECKS.col2im(shape(25, 576 * 128), conv, shape(784, 128));
    WINDOW_CHECKS.maxPool(shape(16 * 576, 128), pool, shape(16 * 144, 128));
    WINDOW_CHECKS.maxPoolGrad(
      shape(16 * 144, 128),
      shape(16 * 576, 128),
      pool,
      shape(16 * 576, 128),
    );
    WINDOW_CHECKS.reshape(shape(16, 576 * 128), shape(16 * 576, 128));
  });
  await t.step("names the tensor that does not fit and the shape it must have", () => {
    assert.throws(() => WINDOW_CHECKS.col2im(shape(25, 576), conv, shape(784, 2)), {
      name: "TypeError",
      message: "Cannot col2im: cols is 25x576 but must be 25x1152",
    });
    assert.throws(() => WINDOW_CHECKS.maxPool(shape(16 * 576, 2), pool, shape(16 * 144, 3)), {
      message: "Cannot max-pool: out is 2304x3 but must be 2304x2",
    });
    assert.throws(
      () =>
        WINDOW_CHECKS.maxPoolGrad(shape(16 * 144, 3), shape(16 * 576, 2), pool, shape(16 * 576, 2)),
      { message: "Cannot differentiate the max-pool: grad is 2304x3 but must be 2304x2" },
    );
    assert.throws(() => WINDOW_CHECKS.reshape(shape(2, 3), shape(5, 1)), {
      name: "TypeError",
      message: "Cannot reshape: src is 2x3 (6 values) but out is 5x1 (5 values)",
    });
  });
  await t.step("checks the geometry before the shapes", () => {
    assert.throws(
      () => WINDOW_CHECKS.im2col(shape(1, 1), { ...conv, stride: 0 }, shape(1, 1)),
      RangeError,
    );
  });
});
