import assert from "node:assert/strict";
import { formatDuration, ProgressBar, renderBar } from "./progress.ts";

Deno.test("renderBar()", async (t) => {
  await t.step("shows the fraction done, the rate and the ETA", () => {
    assert.equal(renderBar(50, 100, 10, 10), "[█████░░░░░] 50/100  5.0 it/s  ETA 0:10");
  });
  await t.step("has no ETA before the first step", () => {
    assert.equal(renderBar(0, 100, 0, 4), "[░░░░] 0/100  0.0 it/s  ETA --:--");
  });
});

Deno.test("formatDuration()", async (t) => {
  await t.step("writes m:ss and h:mm:ss", () => {
    assert.equal(formatDuration(5), "0:05");
    assert.equal(formatDuration(125), "2:05");
    assert.equal(formatDuration(3725), "1:02:05");
    assert.equal(formatDuration(Number.NaN), "--:--");
  });
});

Deno.test("ProgressBar", async (t) => {
  await t.step("redraws in place at most ten times a second, and at the end", () => {
    const writes: string[] = [];
    let now = 0;
    const bar = new ProgressBar(3, (s) => writes.push(s), () => now);
    bar.update(1);
    now = 50;
    bar.update(2); // too soon: skipped
    now = 60;
    bar.update(3); // the end: always drawn
    assert.equal(writes.length, 2);
    assert.ok(writes.every((w) => w.startsWith("\r[")));
    assert.match(writes[1], /3\/3/);
  });
  await t.step("prints a line above the bar, then clears it", () => {
    const writes: string[] = [];
    const bar = new ProgressBar(2, (s) => writes.push(s), () => 0);
    bar.update(1);
    bar.print("Iteration: 0");
    bar.clear();
    assert.ok(writes[1].startsWith("\r\u001b[KIteration: 0\n["), JSON.stringify(writes[1]));
    assert.equal(writes[2], "\r\u001b[K");
  });
});
