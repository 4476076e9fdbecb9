import assert from "node:assert/strict";
import { vegaLiteSvg } from "./_vega_svg.ts";

Deno.test("vegaLiteSvg()", async (t) => {
  const spec = {
    data: { values: [{ x: 0, y: 1 }, { x: 1, y: 0 }] },
    mark: "line" as const,
    encoding: {
      x: { field: "x", type: "quantitative" as const },
      y: { field: "y", type: "quantitative" as const },
    },
  };

  await t.step(
    "renders SVG with no DOM and no network (this test has no --allow-net)",
    async () => {
      const svg = await vegaLiteSvg(spec);
      assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(svg, /<path /);
    },
  );

  await t.step("gives each chart's ids a prefix of its own", async () => {
    const gradient = {
      ...spec,
      mark: "rect" as const,
      encoding: { ...spec.encoding, color: { field: "y", type: "quantitative" as const } },
    };
    const [a, b] = [await vegaLiteSvg(gradient), await vegaLiteSvg(gradient)];
    const id = (svg: string) => svg.match(/\bid="([^"]+)"/)![1];
    assert.notEqual(id(a), id(b));
    assert.ok(a.includes(`url(#${id(a)})`));
  });
});
