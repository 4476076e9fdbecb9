import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { AUGMENTS, createAugmenter } from "./mod.ts";

Deno.test("createAugmenter()", async (t) => {
  const image = Uint8Array.from({ length: 784 }, (_, p) => ((p * 7) % 29 < 9 ? 255 : 0));
  for (const name of AUGMENTS.filter((n) => n !== "none")) {
    await t.step(`${name} changes the image, reproducibly from the seed`, () => {
      const [a, b] = [new Uint8Array(784), new Uint8Array(784)];
      const first = createAugmenter(name, seededPrng(8))!;
      first(image, a);
      createAugmenter(name, seededPrng(8))!(image, b);
      assert.deepEqual(a, b);
      const changes = new Set<string>();
      for (let i = 0; i < 10; i++) {
        first(image, a);
        changes.add(a.join());
      }
      assert.ok(changes.size > 5, `${name}: only ${changes.size} distinct results`);
    });
  }
  await t.step("none is no augmenter at all", () => {
    assert.equal(createAugmenter("none", seededPrng(0)), undefined);
  });
});
