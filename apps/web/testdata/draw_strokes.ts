// Draws strokes on the page's pad with the mouse, as a person would: down, a move every 6 px, up,
// then waits until the page has read the digit. Shared by the browser test and
// benchmarks/web_models.ts.
import type { Page } from "playwright-core";
import type { Point } from "./digit_strokes.ts";

/** Draws `strokes` (points in the pad's unit square) on `#pad` and waits for the reading. */
export async function drawStrokes(
  page: Page,
  strokes: readonly (readonly Point[])[],
): Promise<void> {
  // The mouse goes where the window shows: on a phone the pad may be scrolled away.
  await page.locator("#pad").scrollIntoViewIfNeeded();
  const box = await page.locator("#pad").boundingBox();
  if (box === null) throw new Error("Cannot draw: the pad #pad is not on the page");
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
