import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { AFFINE_RANGES, affineImage, randomAffine } from "./mod.ts";

const identity = { rotation: 0, scale: 1, shear: 0, dx: 0, dy: 0 };

/** A 28x28 image with one bright pixel at (x, y). */
function dot(x: number, y: number): Uint8Array {
  const image = new Uint8Array(28 * 28);
  image[y * 28 + x] = 255;
  return image;
}

function brightest(image: Uint8Array): [number, number] {
  let best = 0;
  for (let p = 1; p < image.length; p++) if (image[p] > image[best]) best = p;
  return [best % 28, Math.floor(best / 28)];
}

Deno.test("affineImage()", async (t) => {
  await t.step("is the identity at θ = 0, s = 1, no shear or shift", () => {
    const image = Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256);
    const out = new Uint8Array(784);
    affineImage(image, out, 28, 28, identity);
    assert.deepEqual(out, image);
  });
  await t.step("rotates a quarter turn counter-clockwise about the centre", () => {
    // (20, 13.5) is 6.5 px right of the centre (13.5, 13.5); a quarter turn
    // counter-clockwise on screen puts it 6.5 px above: (13.5, 7).
    const out = new Uint8Array(784);
    affineImage(dot(20, 7), out, 28, 28, { ...identity, rotation: Math.PI / 2 });
    assert.deepEqual(brightest(out), [7, 7]);
  });
  await t.step("scales and shifts about the centre", () => {
    const out = new Uint8Array(784);
    // 4 px right of centre (at x = 17.5 between pixels): use pixel 17, 3.5 px right.
    affineImage(dot(17, 13), out, 28, 28, { ...identity, scale: 2, dx: 1 });
    const [x] = brightest(out);
    assert.ok(Math.abs(x - (13.5 + 7 + 1)) <= 1, `x ${x}`);
  });
  await t.step("shears horizontally: x′ = x + shear·y", () => {
    const out = new Uint8Array(784);
    // 4 rows below the centre row, a shear of 0.5 moves 2 px right.
    affineImage(dot(13, 17), out, 28, 28, { ...identity, shear: 0.5 });
    assert.deepEqual(brightest(out), [15, 17]);
  });
});

Deno.test("randomAffine()", async (t) => {
  await t.step("keeps pixels in 0–255 and is reproducible from the seed", () => {
    const image = Uint8Array.from({ length: 784 }, (_, i) => (i * 13) % 256);
    const [a, b] = [new Uint8Array(784), new Uint8Array(784)];
    randomAffine(image, a, 28, 28, seededPrng(9));
    randomAffine(image, b, 28, 28, seededPrng(9));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, image);
  });
  await t.step("moves a dot no farther than the ranges allow", () => {
    const prng = seededPrng(2);
    const out = new Uint8Array(784);
    const r = AFFINE_RANGES;
    // A dot 6.5 px from the centre moves at most by rotation, scale, shear and shift.
    const radius = 6.5;
    const reach = radius * (1 + r.scale) * (1 + r.shear) + Math.SQRT2 * r.shift + 1.5;
    for (let i = 0; i < 200; i++) {
      randomAffine(dot(20, 13), out, 28, 28, prng);
      const [x, y] = brightest(out);
      assert.ok(Math.hypot(x - 13.5, y - 13.5) <= reach, `(${x}, ${y})`);
    }
  });
});
