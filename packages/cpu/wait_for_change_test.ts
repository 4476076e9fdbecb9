import assert from "node:assert/strict";
import { waitForChange } from "./wait_for_change.ts";

Deno.test("waitForChange", async (t) => {
  for (const spin of [false, true]) {
    const how = spin ? "spinning" : "blocking";
    await t.step(`${how}: returns at once when the word already differs`, () => {
      const words = new Int32Array(new SharedArrayBuffer(4));
      words[0] = 5;
      assert.equal(waitForChange(words, 0, 4, 1000, spin), "not-equal");
    });

    await t.step(`${how}: times out when the word stays`, () => {
      const words = new Int32Array(new SharedArrayBuffer(4));
      const start = performance.now();
      assert.equal(waitForChange(words, 0, 0, 30, spin), "timed-out");
      assert.ok(performance.now() - start >= 25);
    });
  }

  await t.step("spinning: sees a change made by another thread", async () => {
    const words = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `data:application/javascript,${
        encodeURIComponent(
          "onmessage = (e) => { const w = new Int32Array(e.data); setTimeout(() => { Atomics.store(w, 0, 1); Atomics.notify(w, 0); }, 20); };",
        )
      }`,
      { type: "module" },
    );
    worker.postMessage(words.buffer);
    // The message reaches the worker only after this turn: wait on a later one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(waitForChange(words, 0, 0, 5000, true), "ok");
    worker.terminate();
  });
});
