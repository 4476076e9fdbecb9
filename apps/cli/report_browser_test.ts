// Opens reports written by the real command in headless Chromium, from disk.
import assert from "node:assert/strict";
import { hasChromium, launchChromium, watchPage } from "../../testing/chromium.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;

async function cli(...args: string[]): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", MAIN, ...args],
    stdin: "null",
    stdout: "null",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
}

const SECTIONS = {
  run: "dl",
  curves: "svg",
  confusion: "svg",
  digits: "svg",
  weights: "img",
  mistakes: "img",
  augmented: "img",
} as const;

Deno.test({
  name: "train --report and report --out in Chromium",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dir = await Deno.makeTempDir();
    const model = `${dir}/m.smnn`;
    const trained = `${dir}/train.html`;
    const saved = `${dir}/model.html`;
    await cli(
      "train",
      ...["--limit", "600", "--dev-size", "100", "--iterations", "8", "--quiet"],
      ...["--augment", "shift", "--save", model, "--report", trained],
    );
    await cli("report", "--model", model, "--out", saved);
    const browser = await launchChromium();
    try {
      for (
        const [file, ids] of [[trained, Object.keys(SECTIONS)], [saved, [
          "run",
          "confusion",
          "digits",
          "weights",
          "mistakes",
          "augmented",
        ]]] as const
      ) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const problems = watchPage(page);
        await page.goto(`file://${file}`);
        const name = file === trained ? "train --report" : "report";

        await t.step(`${name}: no console errors and no failed requests`, () => {
          assert.deepEqual(problems.errors, []);
          assert.deepEqual(problems.failedRequests, []);
        });

        await t.step(`${name}: every section is there, visible and non-empty`, async () => {
          const shown = await page.$$eval("main > section", (list) => list.map((s) => s.id));
          assert.deepEqual(shown, ids);
          for (const id of ids) {
            const content = SECTIONS[id as keyof typeof SECTIONS];
            const box = await page.locator(`#${id} ${content}`).first().boundingBox();
            assert.ok(box !== null && box.width > 20 && box.height > 20, `#${id} ${content}`);
            assert.ok((await page.locator(`#${id}`).innerText()).trim().length > 10, id);
          }
        });

        await t.step(
          `${name}: every image decoded: 10 weight images, 25 mistakes, 6x8 augmented`,
          async () => {
            const widths = await page.$$eval(
              "img",
              (list) =>
                list.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
            );
            assert.ok(widths.length > 0 && widths.every((w) => w === 28), widths.join(","));
            assert.equal(await page.locator("#weights img").count(), 10);
            assert.equal(await page.locator("#mistakes img").count(), 25);
            assert.equal(await page.locator("#augmented img").count(), 48);
          },
        );

        await t.step(
          `${name}: the Run section has the facts above and the settings in three columns`,
          async () => {
            const facts = (await page.locator("#run dl.facts").boundingBox())!;
            const rows = await page.$$eval("#run dl.settings > div", (list) =>
              list.map((row) => {
                const box = row.getBoundingClientRect();
                return { left: Math.round(box.left), top: box.top, width: box.width };
              }));
            assert.ok(rows.length > 0);
            assert.ok(
              rows.every((r) => r.top >= facts.y + facts.height),
              "nothing beside the facts",
            );
            // Each table fills the width: three columns of rows (at most 3 rows for the last).
            const section = (await page.locator("#run").boundingBox())!;
            const columns = new Set(rows.map((r) => r.left));
            assert.equal(columns.size, 3, [...columns].join(","));
            assert.ok(rows.every((r) => r.width > section.width / 4), "each column a third");
            const flags = await page.locator("#run h3").allInnerTexts();
            assert.deepEqual(
              flags,
              file === trained ? ["Flags"] : ["Flags", "Trained with", "When saved"],
            );
          },
        );

        await t.step(`${name}: fits 1280 pixels wide without scrolling sideways`, async () => {
          const width = await page.evaluate<number>("document.documentElement.scrollWidth");
          assert.ok(width <= 1280, `${width} px`);
        });
        await t.step(`${name}: fits a 390 pixel phone without scrolling sideways`, async () => {
          const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
          await phone.goto(`file://${file}`);
          const width = await phone.evaluate<number>("document.documentElement.scrollWidth");
          await phone.close();
          assert.ok(width <= 390, `${width} px`);
        });
        await page.close();
      }
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a conv net's train --report and report --out in Chromium: its filters and feature maps",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dir = await Deno.makeTempDir();
    const model = `${dir}/conv.smnn`;
    const trained = `${dir}/train.html`;
    const saved = `${dir}/model.html`;
    await cli(
      "train",
      ...["--limit", "600", "--dev-size", "100", "--iterations", "2", "--quiet"],
      ...["--layers", "conv:16:5,relu,pool:2,conv:8:3,relu,dense:10", "--batch-size", "100"],
      ...["--save", model, "--report", trained],
    );
    await cli("report", "--model", model, "--out", saved);
    const browser = await launchChromium();
    try {
      for (const [name, file] of [["train --report", trained], ["report", saved]]) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const problems = watchPage(page);
        await page.goto(`file://${file}`);

        await t.step(
          `${name}: no console errors, the filters in place of the weights`,
          async () => {
            assert.deepEqual(problems.errors, []);
            assert.deepEqual(problems.failedRequests, []);
            const shown = await page.$$eval("main > section", (list) => list.map((s) => s.id));
            assert.ok(shown.includes("filters") && !shown.includes("weights"), shown.join(","));
          },
        );

        await t.step(
          `${name}: every image decoded: 16 filters of 5x5, the digit, 16 maps of 24x24 and of 12x12`,
          async () => {
            const widths = await page.$$eval(
              "#filters img",
              (list) =>
                list.map((img) => {
                  const { naturalWidth, naturalHeight } = img as unknown as {
                    naturalWidth: number;
                    naturalHeight: number;
                  };
                  return `${naturalWidth}x${naturalHeight}`;
                }),
            );
            assert.deepEqual(widths, [
              ...Array(16).fill("5x5"),
              "28x28",
              ...Array(16).fill("24x24"),
              ...Array(16).fill("12x12"),
            ]);
          },
        );

        await t.step(
          `${name}: 16 filters and each row of 16 maps fit one row at 1280 px`,
          async () => {
            const rows = await page.$$eval(
              "#filters .gallery",
              (galleries) =>
                galleries.map((g) =>
                  new Set(
                    [...g.querySelectorAll("img")].map((img) => img.getBoundingClientRect().top),
                  )
                    .size
                ),
            );
            assert.deepEqual(rows, [1, 1, 1, 1]);
            const width = await page.evaluate<number>("document.documentElement.scrollWidth");
            assert.ok(width <= 1280, `${width} px`);
          },
        );
        await page.close();
      }
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
