// Compares model files as the web page's reading pane: for each, how soon
// the page is ready to read drawings (from `deno task serve --model FILE`),
// how many of the drawn-digit fixture's digits it reads right (drawn with
// the mouse as the browser test draws them, on the pad of a 1280x900 window
// and of a 390x844 phone) and the probability it gives the right digit, and
// its test accuracy (`deno task evaluate`). What chose the page's default model.
// Run: deno task measure:web-models [FILE ...]   (default: the served default; needs Debian's chromium)
/// <reference lib="dom" />
import type { Page } from "playwright-core";
import { launchChromium } from "../testing/chromium.ts";
import { start } from "../apps/web/test_server.ts";
import { DIGIT_STROKES } from "../apps/web/testdata/digit_strokes.ts";
import { drawStrokes } from "../apps/web/testdata/draw_strokes.ts";

/** Page loads timed per model; the median is reported. */
const LOADS = 5;
const CLI = new URL("../apps/cli/main.ts", import.meta.url).pathname;
const DEFAULT = new URL("../apps/web/default_model.smnn", import.meta.url).pathname;

/**
 * Draws a digit's strokes with the mouse, a move every 6 px (drawStrokes, as in web_browser_test.ts), and
 * returns the digit read and the probability the bars give the digit drawn.
 */
async function readDigit(page: Page, digit: number): Promise<{ read: string; p: number }> {
  await page.click("#clear");
  await drawStrokes(page, DIGIT_STROKES[digit]);
  const read = (await page.getAttribute("#prediction", "data-digit")) || "?";
  const shown = await page.textContent(`#bars li[data-digit="${digit}"] .value`);
  return { read, p: parseFloat(shown ?? "") / 100 };
}

/** The windows the fixture is drawn in: the browser test's two. */
const WINDOWS = [
  { name: "1280x900", viewport: { width: 1280, height: 900 } },
  {
    name: "390x844",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const files = Deno.args.length > 0 ? Deno.args : [DEFAULT];
const browser = await launchChromium();
try {
  for (const file of files) {
    const readySeconds: number[] = [];
    const pageSeconds: number[] = [];
    let shape = "";
    for (let load = 0; load < LOADS; load++) {
      // Start to usable: the browser is already open, as a user's would be.
      const t0 = performance.now();
      const server = await start("--port", "0", "--model", file);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const t1 = performance.now();
      await page.goto(server.url);
      await page.waitForSelector("body[data-state=ready]");
      readySeconds.push((performance.now() - t0) / 1000);
      pageSeconds.push((performance.now() - t1) / 1000);
      shape = (await page.textContent("#reader-info")) ?? "";
      await context.close();
      await server.stop();
    }
    const { size } = await Deno.stat(file);
    console.log(`${file} (${(size / 1024).toFixed(0)} KiB): ${shape}`);
    console.log(
      `  page ready ${median(readySeconds).toFixed(2)} s after serve starts, ${
        median(pageSeconds).toFixed(2)
      } s after the browser asks for it (medians of ${LOADS}: ${
        readySeconds.map((s) => s.toFixed(2)).join(" ")
      }; ${pageSeconds.map((s) => s.toFixed(2)).join(" ")})`,
    );
    const server = await start("--port", "0", "--model", file);
    for (const { name, ...options } of WINDOWS) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector("body[data-state=ready]");
      const reads = [];
      for (let digit = 0; digit < 10; digit++) reads.push(await readDigit(page, digit));
      await context.close();
      const right = reads.filter(({ read }, digit) => read === String(digit)).length;
      const ps = reads.map(({ p }) => p);
      console.log(
        `  ${name}: the fixture's 0-9 read as ${
          reads.map((r) => r.read).join(" ")
        }: ${right} of 10 right; ` +
          `the right digit's probability: mean ${
            (ps.reduce((a, b) => a + b) / 10).toFixed(3)
          }, least ${Math.min(...ps).toFixed(3)} (${ps.map((p) => p.toFixed(2)).join(" ")})`,
      );
    }
    await server.stop();
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", CLI, "evaluate", "--model", file, "--json"],
      stdin: "null",
    }).output();
    if (code !== 0) throw new Error(`evaluate ${file} failed: ${new TextDecoder().decode(stderr)}`);
    const { accuracy } = JSON.parse(new TextDecoder().decode(stdout));
    console.log(`  test accuracy ${accuracy.toFixed(4)}`);
  }
} finally {
  await browser.close();
}
