import assert from "node:assert/strict";
import { toMnistPixels } from "./preprocess.ts";

function blank(width: number, height: number) {
  return { width, height, ink: new Uint8Array(width * height) };
}

function centreOfMass(pixels: Uint8Array): [number, number] {
  let mass = 0, x = 0, y = 0;
  for (let i = 0; i < pixels.length; i++) {
    mass += pixels[i];
    x += pixels[i] * (i % 28 + 0.5);
    y += pixels[i] * (Math.floor(i / 28) + 0.5);
  }
  return [x / mass, y / mass];
}

function inkedBox(pixels: Uint8Array): { width: number; height: number } {
  let left = 28, right = 0, top = 28, bottom = 0;
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i] === 0) continue;
    const x = i % 28, y = Math.floor(i / 28);
    left = Math.min(left, x);
    right = Math.max(right, x + 1);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y + 1);
  }
  return { width: right - left, height: bottom - top };
}

Deno.test("toMnistPixels()", async (t) => {
  await t.step("returns 784 zeros when nothing is drawn", () => {
    const pixels = toMnistPixels(blank(280, 280));
    assert.equal(pixels.length, 784);
    assert.ok(pixels.every((v) => v === 0));
  });

  await t.step("returns 784 zeros for an empty image", () => {
    assert.ok(toMnistPixels(blank(0, 0)).every((v) => v === 0));
  });

  await t.step("scales the longer side of the ink's box to 20 pixels, keeping the ratio", () => {
    const image = blank(300, 300);
    // A solid 100 wide x 200 tall rectangle, off-centre.
    for (let y = 10; y < 210; y++) image.ink.fill(255, y * 300 + 150, y * 300 + 250);
    const pixels = toMnistPixels(image);
    assert.deepEqual(inkedBox(pixels), { width: 10, height: 20 });
    assert.equal(pixels.filter((v) => v === 255).length, 200);
  });

  await t.step("places the centre of mass at the field's centre", () => {
    const image = blank(200, 200);
    // An L: a tall bar on the left and a foot to the right, so the mass is not the box's centre.
    for (let y = 20; y < 180; y++) image.ink.fill(255, y * 200 + 20, y * 200 + 50);
    for (let y = 150; y < 180; y++) image.ink.fill(255, y * 200 + 50, y * 200 + 140);
    const [x, y] = centreOfMass(toMnistPixels(image));
    assert.ok(Math.abs(x - 14) <= 0.5, `x ${x}`);
    assert.ok(Math.abs(y - 14) <= 0.5, `y ${y}`);
  });

  await t.step("antialiases: a thin line becomes partial ink, not lost or blocky", () => {
    const image = blank(200, 200);
    // A vertical line 3 pixels wide and 200 tall: the scale is 1/10, so it covers 0.3 of a column.
    for (let y = 0; y < 200; y++) image.ink.fill(255, y * 200 + 100, y * 200 + 103);
    const pixels = toMnistPixels(image);
    const inked = [...pixels].filter((v) => v > 0);
    assert.equal(inked.length, 20);
    assert.ok(inked.every((v) => v === 255), "the one column is the whole box, so full ink");
    // Two lines 3 px wide spaced 97 apart over a 100-wide box: each covers 0.3 of a column.
    const two = blank(200, 200);
    for (let y = 0; y < 200; y++) {
      two.ink.fill(255, y * 200 + 50, y * 200 + 53);
      two.ink.fill(255, y * 200 + 147, y * 200 + 150);
    }
    const values = new Set(toMnistPixels(two));
    assert.ok(values.has(Math.round(0.3 * 255)), [...values].join(","));
    assert.ok(!values.has(255));
  });

  await t.step("keeps the mean ink of the scaled box (box filter)", () => {
    const image = blank(40, 40);
    // A checkerboard: every output pixel averages to half ink.
    for (let i = 0; i < 1600; i++) image.ink[i] = ((i % 40) + Math.floor(i / 40)) % 2 ? 255 : 0;
    const pixels = toMnistPixels(image);
    const inked = [...pixels].filter((v) => v > 0);
    assert.equal(inked.length, 400);
    assert.ok(inked.every((v) => Math.abs(v - 127.5) <= 0.5));
  });

  await t.step("enlarges a tiny drawing to 20 pixels", () => {
    const image = blank(10, 10);
    image.ink[55] = 200;
    const pixels = toMnistPixels(image);
    assert.deepEqual(inkedBox(pixels), { width: 20, height: 20 });
    assert.ok(pixels.every((v) => v === 0 || v === 200));
  });

  await t.step("a one-pixel-thin stroke keeps at least one pixel across", () => {
    const image = blank(100, 100);
    image.ink.fill(255, 5000, 5100); // one row, 100 wide
    assert.deepEqual(inkedBox(toMnistPixels(image)), { width: 20, height: 1 });
  });

  await t.step("throws TypeError when the values do not fill the size", () => {
    assert.throws(
      () => toMnistPixels({ width: 3, height: 3, ink: new Uint8Array(8) }),
      (e: Error) => e instanceof TypeError && /3x3 but holds 8 values/.test(e.message),
    );
    assert.throws(
      () => toMnistPixels({ width: 1.5, height: 2, ink: new Uint8Array(3) }),
      TypeError,
    );
  });
});
