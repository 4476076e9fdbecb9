import assert from "node:assert/strict";
import { hasChromium, launchChromium, watchPage } from "./chromium.ts";

Deno.test({
  name: "launchChromium()",
  ignore: !hasChromium(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems = watchPage(page);
      await t.step("renders a page and reads it back", async () => {
        await page.setContent("<h1>7</h1>");
        assert.equal(await page.textContent("h1"), "7");
      });
      await t.step("records console errors and uncaught exceptions", async () => {
        await page.setContent(
          "<script>console.error('bad'); setTimeout(() => { throw new Error('boom'); });</script>",
        );
        await page.waitForTimeout(50);
        assert.ok(problems.errors.includes("bad"), problems.errors.join("; "));
        assert.ok(problems.errors.some((e) => e.includes("boom")), problems.errors.join("; "));
      });
    } finally {
      await browser.close();
    }
  },
});
