/// <reference lib="dom" />
// End to end: the real server, headless Chromium, real pointer events.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, watchPage } from "../../testing/chromium.ts";
import { start } from "./_test_server.ts";
import { DIGIT_STROKES, type Point } from "./testdata/digit_strokes.ts";

const CLI = new URL("../cli/main.ts", import.meta.url).pathname;
/** Set to a folder to keep screenshots of the views, e.g. `WEB_SCREENSHOTS=/tmp/shots`. */
const SHOTS = Deno.env.get("WEB_SCREENSHOTS");

async function shoot(page: Page, name: string): Promise<void> {
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Draws strokes on the pad with the mouse: down, moves every few pixels, up. */
async function draw(page: Page, strokes: readonly (readonly Point[])[]): Promise<void> {
  const box = await page.locator("#pad").boundingBox();
  assert.ok(box !== null);
  const at = ([x, y]: Point) => [box.x + x * box.width, box.y + y * box.height] as const;
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (let i = 1; i < stroke.length; i++) {
      const [x0, y0] = at(stroke[i - 1]);
      const [x1, y1] = at(stroke[i]);
      const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 6));
      for (let s = 1; s <= steps; s++) {
        await page.mouse.move(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps);
      }
    }
    await page.mouse.up();
  }
  await page.waitForFunction(() => document.body.dataset.reading === "idle");
}

async function readDigit(page: Page, digit: number): Promise<number> {
  await page.click("#clear");
  await draw(page, DIGIT_STROKES[digit]);
  return Number(await page.getAttribute("#prediction", "data-digit"));
}

Deno.test({
  name: "web app in Chromium",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const server = await start("--port", "0");
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        viewport: { width: 1100, height: 1000 },
        acceptDownloads: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(server.url);
      await page.waitForSelector("body[data-state=ready]", { timeout: 10_000 });

      await t.step("the page is cross-origin isolated (shared memory works)", async () => {
        assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
      });

      await t.step(
        "the default model reads at least 8 of 10 digits drawn with the mouse",
        async () => {
          const read: number[] = [];
          for (let digit = 0; digit < 10; digit++) {
            read.push(await readDigit(page, digit));
            if (digit === 3) await shoot(page, "draw-3");
          }
          const right = read.filter((d, i) => d === i).length;
          assert.ok(right >= 8, `read ${read.join(" ")} for 0 to 9: ${right} right`);
          // The shown 28x28 input has ink, and the bars add up to 100%.
          const shown = await page.$$eval(
            ".bars .value",
            (els) => els.map((e) => parseFloat(e.textContent!)),
          );
          assert.ok(
            Math.abs(shown.reduce((a, b) => a + b) - 100) < 0.5,
            shown.join(" "),
          );
        },
      );

      await t.step("a finger draws too (touch events, as a touch screen sends them)", async () => {
        await page.click("#clear");
        const cdp = await context.newCDPSession(page);
        const box = (await page.locator("#pad").boundingBox())!;
        const points = DIGIT_STROKES[7][0].map(([x, y]) => ({
          x: box.x + x * box.width,
          y: box.y + y * box.height,
        }));
        await cdp.send("Input.dispatchTouchEvent", {
          type: "touchStart",
          touchPoints: [points[0]],
        });
        for (let i = 1; i < points.length; i++) {
          for (let s = 1; s <= 10; s++) {
            const x = points[i - 1].x + ((points[i].x - points[i - 1].x) * s) / 10;
            const y = points[i - 1].y + ((points[i].y - points[i - 1].y) * s) / 10;
            await cdp.send("Input.dispatchTouchEvent", {
              type: "touchMove",
              touchPoints: [{ x, y }],
            });
          }
        }
        await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
        await page.waitForFunction(() => document.body.dataset.reading === "idle");
        assert.equal(await page.getAttribute("#prediction", "data-digit"), "7");
        await cdp.detach();
      });

      await t.step("clear empties the pad and the reading", async () => {
        await page.click("#clear");
        await page.waitForFunction(() => document.body.dataset.reading === "idle");
        assert.equal(await page.textContent("#prediction"), "–");
      });

      await t.step(
        "one epoch in the page, stopped and continued, takes dev accuracy above 0.9",
        async () => {
          await page.selectOption("#recipe", "wide");
          await page.fill("#epochs", "1");
          await page.click("#train");
          await page.waitForFunction(
            () => Number(document.getElementById("epoch")!.textContent) >= 0.2,
            null,
            {
              timeout: 60_000,
            },
          );
          await page.click("#stop");
          await page.waitForSelector("body[data-training=stopped]", { timeout: 30_000 });
          const stoppedAt = Number(await page.textContent("#epoch"));
          assert.ok(stoppedAt > 0 && stoppedAt < 1, `stopped at ${stoppedAt}`);
          await page.click("#continue");
          await page.waitForSelector("body[data-training=done]", { timeout: 120_000 });
          assert.equal(Number(await page.textContent("#epoch")), 1);
          const dev = Number(await page.getAttribute("#dev-accuracy", "data-value"));
          assert.ok(dev > 0.9, `dev accuracy ${dev}`);
          await shoot(page, "trained");
        },
      );

      await t.step("the digits can be read with the model just trained", async () => {
        await page.selectOption("#reader", "trained");
        await readDigit(page, 7);
        assert.match(
          await page.textContent("#reader-info") ?? "",
          /trained here: 784-128-10 after 1 epoch/,
        );
        await shoot(page, "result");
      });

      await t.step("the downloaded model loads in deno task evaluate", async () => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.click("#download"),
        ]);
        const dir = await Deno.makeTempDir();
        try {
          const path = `${dir}/${download.suggestedFilename()}`;
          await download.saveAs(path);
          const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
            args: ["run", "--allow-read", CLI, "evaluate", "--model", path, "--json"],
            stdin: "null",
          }).output();
          assert.equal(code, 0, new TextDecoder().decode(stderr));
          const summary = JSON.parse(new TextDecoder().decode(stdout));
          assert.ok(summary.accuracy > 0.9, JSON.stringify(summary).slice(0, 200));
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      });

      await t.step("no console errors, no failed requests", () => {
        assert.deepEqual(problems.errors, []);
        assert.deepEqual(problems.failedRequests, []);
      });
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});
