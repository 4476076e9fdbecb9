import assert from "node:assert/strict";
import { windowGeometry } from "./window_geometry.ts";

Deno.test("windowGeometry()", async (t) => {
  await t.step("gives the anchor net's shapes", () => {
    const shapes = [
      [windowGeometry(1, 28, 28, 5), 24],
      [windowGeometry(16, 24, 24, 2, { stride: 2 }), 12],
      [windowGeometry(16, 12, 12, 5), 8],
      [windowGeometry(32, 8, 8, 2, { stride: 2 }), 4],
    ] as const;
    for (const [g, out] of shapes) {
      assert.deepEqual([g.outHeight, g.outWidth, g.pad], [out, out, 0]);
    }
  });
  await t.step("valid keeps the windows that fit: ⌊(H − k)/s⌋ + 1", () => {
    const g = windowGeometry(3, 7, 8, 3, { stride: 2 });
    assert.deepEqual(g, {
      channels: 3,
      height: 7,
      width: 8,
      kernel: 3,
      stride: 2,
      pad: 0,
      outHeight: 3,
      outWidth: 3,
    });
    assert.equal(windowGeometry(1, 5, 5, 5).outHeight, 1);
  });
  await t.step("same keeps ⌈H/s⌉ and pads half before", () => {
    assert.deepEqual(pads(windowGeometry(1, 28, 28, 5, { padding: "same" })), [28, 2]);
    assert.deepEqual(pads(windowGeometry(1, 7, 7, 3, { stride: 2, padding: "same" })), [4, 1]);
    // (4 − 1)·2 + 3 − 8 = 1: the one zero row goes after the image.
    assert.deepEqual(pads(windowGeometry(1, 8, 8, 3, { stride: 2, padding: "same" })), [4, 0]);
    // An even kernel pads ⌊3/2⌋ = 1 before and 2 after.
    assert.deepEqual(pads(windowGeometry(1, 6, 6, 4, { padding: "same" })), [6, 1]);
    assert.deepEqual(pads(windowGeometry(1, 3, 3, 5, { padding: "same" })), [3, 2]);
    assert.deepEqual(pads(windowGeometry(1, 4, 4, 1, { stride: 3, padding: "same" })), [2, 0]);
  });
  await t.step("refuses sizes that are not positive integers", () => {
    assert.throws(() => windowGeometry(0, 4, 4, 3), {
      name: "RangeError",
      message: "Cannot place the window: channels must be a positive integer, not 0",
    });
    assert.throws(() => windowGeometry(1, 4, 4, 3, { stride: 0 }), /stride must be/);
    assert.throws(() => windowGeometry(1, 4, 4.5, 3), /width must be/);
    assert.throws(() => windowGeometry(1, 4, 4, Number.NaN), /kernel must be/);
  });
  await t.step("refuses a valid window larger than the image, and an unknown padding", () => {
    assert.throws(() => windowGeometry(1, 28, 3, 5), {
      name: "RangeError",
      message: "Cannot place the window: a 5x5 window does not fit a 28x3 image without padding",
    });
    assert.throws(
      // @ts-expect-error: "full" is not a padding, which is the point.
      () => windowGeometry(1, 4, 4, 3, { padding: "full" }),
      {
        name: "RangeError",
        message: 'Cannot place the window: padding must be "valid" or "same", not full',
      },
    );
  });
  await t.step("refuses same padding that would differ between the axes", () => {
    assert.throws(() => windowGeometry(1, 7, 8, 3, { stride: 2, padding: "same" }), {
      name: "RangeError",
      message:
        "Cannot place the window: same padding of a 7x8 image pads its rows by 1 but its columns by 0",
    });
  });
});

function pads(g: { outHeight: number; pad: number }): [number, number] {
  return [g.outHeight, g.pad];
}
