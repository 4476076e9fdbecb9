// Every notebook runs start to finish on Deno's kernel, prints the figures
// its stored outputs show, and exports to HTML whose pictures render in Chromium.
import assert from "node:assert/strict";
import { hasChromium, launchChromium } from "../testing/chromium.ts";
import {
  executeNotebook,
  exportHtml,
  INSTALL_HINT,
  keyFigures,
  missingJupyter,
} from "./notebook_runner.ts";

const DIR = new URL("./", import.meta.url).pathname;
const NOTEBOOKS = [...Deno.readDirSync(DIR)]
  .map((entry) => entry.name)
  .filter((name) => name.endsWith(".ipynb"))
  .sort();
/** Where the screenshots go, when a person wants to look (e.g. NOTEBOOK_SHOTS=/tmp/shots). */
const SHOTS = Deno.env.get("NOTEBOOK_SHOTS");

const missing = await missingJupyter();
if (missing !== undefined) console.log(`notebooks not run: ${missing}; ${INSTALL_HINT}`);

for (const name of NOTEBOOKS) {
  Deno.test({
    name: `notebook ${name}`,
    ignore: missing !== undefined || !hasChromium(),
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const out = await Deno.makeTempDir();
      const executed = `${out}/${name}`;
      const run = await executeNotebook(`${DIR}${name}`, executed);
      console.log(`${name}: executed in ${run.seconds.toFixed(1)} s`);
      for (const line of run.failures) console.log(`error: ${line}`);
      await t.step("every cell runs", () => {
        assert.ok(run.ok, run.failures.join("\n"));
      });
      await t.step("its stored figures match a fresh run within 0.01", async () => {
        const stored = keyFigures(JSON.parse(await Deno.readTextFile(`${DIR}${name}`)));
        const fresh = keyFigures(JSON.parse(await Deno.readTextFile(executed)));
        assert.ok(Object.keys(stored).length > 0, "the stored notebook prints no Final: figures");
        assert.deepEqual(Object.keys(fresh).sort(), Object.keys(stored).sort());
        for (const [figure, value] of Object.entries(stored)) {
          assert.ok(
            Math.abs(fresh[figure] - value) <= 0.01,
            `${figure} accuracy: stored ${value}, fresh ${fresh[figure]}`,
          );
        }
      });
      await t.step("its HTML export shows every picture", async () => {
        const html = await exportHtml(executed);
        const browser = await launchChromium();
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          await page.goto(`file://${html}`);
          const images = await page.$$eval(
            "img",
            (list) => list.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
          );
          assert.ok(images.length >= 9, `only ${images.length} images`);
          const charts = await page.$$eval('img[src^="data:image/svg+xml"]', (list) => list.length);
          assert.ok(charts >= 3, `only ${charts} charts`);
          assert.ok(images.every((width) => width > 0), `images of widths ${images.join(", ")}`);
          if (SHOTS !== undefined) {
            await Deno.mkdir(SHOTS, { recursive: true });
            await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
          }
        } finally {
          await browser.close();
        }
      });
      await Deno.remove(out, { recursive: true });
    },
  });
}
