import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import type { HistoryRow } from "./history.ts";
import { renderReport, type ReportInput, reportSections } from "./report.ts";

function input(options: { varyRate?: boolean } = {}): ReportInput {
  const prng = seededPrng(5);
  const count = 200;
  const values = Float32Array.from({ length: count * 10 }, () => prng());
  const history: HistoryRow[] = Array.from({ length: 30 }, (_, i) => ({
    iteration: i,
    trainLoss: 2.3 / (1 + i / 10),
    trainAccuracy: i / 40,
    ...(i % 5 === 0 ? { devLoss: 2.4 / (1 + i / 10), devAccuracy: i / 42 } : {}),
    learningRate: options.varyRate && i >= 15 ? 0.05 : 0.1,
    seconds: i / 10,
  }));
  return {
    title: "Test <report>",
    run: {
      facts: [["Architecture", "784-10-10"]],
      tables: [{ title: "Flags", rows: [["--lr", "0.1 (default)"]] }],
    },
    history,
    evaluation: {
      name: "random images",
      images: {
        count,
        features: 784,
        pixels: Uint8Array.from({ length: count * 784 }, () => Math.floor(prng() * 256)),
        labels: Uint8Array.from({ length: count }, () => Math.floor(prng() * 10)),
      },
      probabilities: { count, classes: 10, values },
    },
    firstLayer: {
      rows: 80,
      cols: 784,
      values: Float32Array.from({ length: 80 * 784 }, () => prng() - 0.5),
    },
  };
}

Deno.test("reportSections()", async (t) => {
  await t.step("gives every section in order when every part is there", async () => {
    const sections = await reportSections(input());
    assert.deepEqual(sections.map((s) => s.id), [
      "run",
      "curves",
      "confusion",
      "digits",
      "weights",
      "mistakes",
    ]);
  });

  await t.step("puts a conv net's filters where a dense net's weights go", async () => {
    const { firstLayer: _w, ...rest } = input();
    const convolution = {
      layer: "conv2d(4, 3)",
      filters: { filters: 4, channels: 1, kernel: 3, values: new Float32Array(36).fill(0.1) },
    };
    const sections = await reportSections({ ...rest, convolution });
    assert.deepEqual(sections.map((s) => s.id), [
      "run",
      "curves",
      "confusion",
      "digits",
      "filters",
      "mistakes",
    ]);
    const { evaluation: _e, ...noSet } = rest;
    const alone = await reportSections({ ...noSet, convolution });
    assert.deepEqual(alone.map((s) => s.id), ["run", "curves", "filters"]);
  });

  await t.step("leaves out what it has no data for, and appends extra sections", async () => {
    const { history: _h, evaluation: _e, ...rest } = input();
    const extra = { id: "notes", title: "Notes", html: "<p>x</p>" };
    const sections = await reportSections({ ...rest, sections: [extra] });
    assert.deepEqual(sections.map((s) => s.id), ["run", "weights", "notes"]);
  });

  await t.step("adds augmented samples after the mistakes, one row per image", async () => {
    const image = (fill: number) => new Uint8Array(784).fill(fill);
    const samples = [0, 1, 2].map((index) => ({
      index,
      label: index,
      original: image(index),
      versions: [image(10), image(20), image(30), image(40)],
    }));
    const sections = await reportSections({ ...input(), augmented: { name: "affine", samples } });
    assert.deepEqual(sections.map((s) => s.id).slice(-2), ["mistakes", "augmented"]);
    const html = sections[sections.length - 1].html;
    assert.equal(html.match(/class="augmented-row"/g)?.length, 3);
    assert.equal(html.match(/<img /g)?.length, 15);
    assert.match(html, /--augment affine/);
  });

  await t.step("draws 64 of 80 units and 25 mistakes", async () => {
    const sections = await reportSections(input());
    const html = (id: string) => sections.find((s) => s.id === id)!.html;
    assert.equal(html("weights").match(/<img /g)?.length, 64);
    assert.match(html("weights"), /the first 64 of 80 units/);
    assert.equal(html("mistakes").match(/<img /g)?.length, 25);
  });

  await t.step("adds the learning-rate chart only when the rate changes", async () => {
    const charts = async (varyRate: boolean) => {
      const sections = await reportSections(input({ varyRate }));
      return sections.find((s) => s.id === "curves")!.html.match(/<svg/g)?.length;
    };
    assert.equal(await charts(false), 2);
    assert.equal(await charts(true), 3);
  });

  await t.step("the confusion chart shows every count", async () => {
    const sections = await reportSections(input());
    const svg = sections.find((s) => s.id === "confusion")!.html;
    // 100 cells, each with its count as text.
    assert.ok((svg.match(/<text/g)?.length ?? 0) >= 100);
  });
});

Deno.test("renderReport()", async (t) => {
  const html = await renderReport(input());

  await t.step(
    "is one page that loads nothing: no script, link, remote URL or remote url()",
    () => {
      assert.doesNotMatch(html, /<script|<link|<iframe|@import|url\((?!#)/i);
      // xmlns attributes name SVG's namespace; they are not fetched.
      const urls = html.match(/(src|href)="[^"]*"/g) ?? [];
      for (const url of urls) assert.match(url, /^(src="data:image\/png;base64,|href="#)/, url);
    },
  );

  await t.step("every id is unique, the charts' too", () => {
    const ids: string[] = html.match(/\bid="[^"]+"/g) ?? [];
    assert.ok(ids.some((id) => id.includes("gradient")));
    assert.equal(new Set(ids).size, ids.length);
    for (const ref of html.match(/url\(#[^)]+\)/g) ?? []) {
      assert.ok(ids.includes(`id="${ref.slice(5, -1)}"`), ref);
    }
  });

  await t.step("escapes the title and links every section from the nav", () => {
    assert.match(html, /<h1>Test &lt;report&gt;<\/h1>/);
    for (const id of ["run", "curves", "confusion", "digits", "weights", "mistakes"]) {
      assert.match(html, new RegExp(`<a href="#${id}">`));
      assert.match(html, new RegExp(`<section id="${id}">`));
    }
  });

  await t.step("stays small: well under 3 MB with 64 weight images and 25 digits", () => {
    assert.ok(html.length < 1_000_000, `${html.length} characters`);
  });
});
