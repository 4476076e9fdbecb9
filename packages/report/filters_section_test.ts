import assert from "node:assert/strict";
import { type ConvolutionView, filtersSection } from "./filters_section.ts";

const FILTERS: ConvolutionView["filters"] = {
  filters: 16,
  channels: 1,
  kernel: 5,
  values: Float32Array.from({ length: 16 * 25 }, (_, k) => Math.sin(k) * 0.4),
};

const maps = (channels: number, side: number, offset = 0) => ({
  channels,
  height: side,
  width: side,
  values: Float32Array.from({ length: channels * side * side }, (_, k) => (k % 7) - offset),
});

const imageSizes = (html: string) =>
  [...html.matchAll(/<img [^>]*width="(\d+)" height="(\d+)"/g)].map((m) => `${m[1]}x${m[2]}`);

Deno.test("filtersSection()", async (t) => {
  await t.step("draws every filter, at a whole multiple of k, with the shared scale", async () => {
    const section = await filtersSection({ layer: "conv2d(16, 5)", filters: FILTERS });
    assert.equal(section.id, "filters");
    assert.equal(section.title, "First-layer filters");
    assert.deepEqual(imageSizes(section.html), Array(16).fill("50x50"));
    assert.match(section.html, /conv2d\(16, 5\): its 16 filters, each a 5x5 window/);
    assert.match(section.html, /All filters share one scale, ±0\.40/);
    assert.match(section.html, /alt="filter 16"/);
    assert.doesNotMatch(section.html, /feature maps/);
  });

  await t.step("adds the digit and a row of maps per stage", async () => {
    const section = await filtersSection({
      layer: "conv2d(16, 5)",
      filters: FILTERS,
      digit: {
        image: { width: 28, height: 28, channels: 1, data: new Uint8Array(784).fill(255) },
        caption: "the first image of the test set: a 7",
        stages: [
          { after: "conv2d(16, 5) → relu()", maps: maps(16, 24) },
          { after: "maxPool2d(2)", maps: maps(16, 12) },
        ],
      },
    });
    // 16 filters, the digit, then 16 maps of 24x24 and 16 of 12x12, each at 48 px.
    assert.deepEqual(imageSizes(section.html), [
      ...Array(16).fill("50x50"),
      "56x56",
      ...Array(32).fill("48x48"),
    ]);
    assert.match(section.html, /the first image of the test set: a 7/);
    assert.match(
      section.html,
      /After conv2d\(16, 5\) → relu\(\): 16 maps of 24x24 <small>\(white 0, black 6\.0\)/,
    );
    assert.match(section.html, /After maxPool2d\(2\): 16 maps of 12x12/);
  });

  await t.step("says when a row's maps have negative values", async () => {
    const section = await filtersSection({
      layer: "conv2d(16, 5)",
      filters: FILTERS,
      digit: {
        image: { width: 28, height: 28, channels: 1, data: new Uint8Array(784) },
        caption: "a digit",
        stages: [{ after: "conv2d(16, 5)", maps: maps(16, 24, 3) }],
      },
    });
    assert.match(section.html, /16 maps of 24x24 <small>\(blue negative, white zero, red \+3\.0\)/);
  });

  await t.step("escapes the layer's and stage's names", async () => {
    const section = await filtersSection({
      layer: "<conv>",
      filters: { filters: 1, channels: 2, kernel: 3, values: new Float32Array(18) },
      digit: {
        image: { width: 28, height: 28, channels: 1, data: new Uint8Array(784) },
        caption: "a digit",
        stages: [{ after: "<pool>", maps: maps(1, 4) }],
      },
    });
    assert.doesNotMatch(section.html, /<conv>|<pool>/);
    assert.match(section.html, /2 windows of 3x3, one per input channel, side by side/);
  });
});
