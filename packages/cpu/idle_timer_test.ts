import assert from "node:assert/strict";
import { IdleTimer } from "./idle_timer.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("IdleTimer", async (t) => {
  await t.step("fires once, after a quiet spell", async () => {
    let fired = 0;
    const timer = new IdleTimer(20, () => fired++);
    timer.touch();
    timer.touch();
    await sleep(80);
    assert.equal(fired, 1);
  });

  await t.step("does not fire while touched", async () => {
    let fired = 0;
    const timer = new IdleTimer(30, () => fired++);
    for (let i = 0; i < 6; i++) {
      timer.touch();
      await sleep(10);
    }
    assert.equal(fired, 0);
    await sleep(100);
    assert.equal(fired, 1);
  });

  await t.step("does not fire once cancelled", async () => {
    let fired = 0;
    const timer = new IdleTimer(10, () => fired++);
    timer.touch();
    timer.cancel();
    await sleep(40);
    assert.equal(fired, 0);
  });
});
