import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { BatchUploader, range } from "./mod.ts";

Deno.test("BatchUploader", async (t) => {
  const backend = new JsBackend();
  const examples = {
    count: 3,
    features: 2,
    pixels: Uint8Array.of(0, 255, 51, 102, 255, 0),
    labels: Uint8Array.of(1, 2, 3),
  };
  await t.step("lays samples out as columns scaled by 1/255", async () => {
    const batch = new BatchUploader(backend, 2, 3);
    batch.load(examples, [2, 0, 1]);
    assert.deepEqual([...await backend.download(batch.X)], [1, 0, 0.2, 0, 1, 0.4].map(Math.fround));
    assert.deepEqual([...await backend.download(batch.Y)], [3, 1, 2]);
    batch.dispose();
  });
  await t.step("refuses a wrong count of samples or of pixels", () => {
    const batch = new BatchUploader(backend, 2, 2);
    assert.throws(() => batch.load(examples, [0]), RangeError);
    assert.throws(() => batch.load({ ...examples, features: 3 }, [0, 1]), TypeError);
  });
});

Deno.test("range()", async (t) => {
  await t.step("counts up from start", () => assert.deepEqual([...range(5, 3)], [5, 6, 7]));
  await t.step("is empty for count 0", () => assert.equal(range(5, 0).length, 0));
});
