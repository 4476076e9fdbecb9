import assert from "node:assert/strict";
import { resolve } from "@simple-mnist/recipe";
import { PAGE_RECIPES, type PageRecipe, recipeShape } from "./recipes.ts";

function layerSpecOf(page: PageRecipe): string | null {
  return resolve(page.recipe).recipe.layerSpec;
}

Deno.test("PAGE_RECIPES", async (t) => {
  await t.step("each label starts with its id and the net its recipe builds", () => {
    for (const page of PAGE_RECIPES) {
      const parts = page.label.split(", ");
      const [name, menu] = parts[0].split(": ");
      assert.equal(name, page.id);
      // A net too long for a phone's menu (a conv net's) is named in the next part.
      const net = layerSpecOf(page) === null ? menu : parts[1];
      assert.equal(net.split(" ")[0], recipeShape(page), page.id);
    }
  });

  await t.step("each label names the dropout, schedule and augmentation its recipe uses", () => {
    for (const page of PAGE_RECIPES) {
      const r = resolve(page.recipe).recipe;
      assert.equal(page.label.includes(`dropout ${r.dropout}`), r.dropout > 0, page.id);
      assert.equal(page.label.includes("cosine schedule"), r.lrSchedule === "cosine", page.id);
      assert.equal(page.label.includes(`${r.augment} augmentation`), r.augment !== "none", page.id);
    }
  });

  await t.step("they offer dropout, the cosine schedule, and shift and affine augmentation", () => {
    const used = PAGE_RECIPES.map((p) => resolve(p.recipe).recipe);
    assert.ok(used.some((r) => r.dropout > 0));
    assert.ok(used.some((r) => r.lrSchedule === "cosine"));
    assert.ok(used.some((r) => r.augment === "shift"));
    assert.ok(used.some((r) => r.augment === "affine"));
  });

  await t.step("each label names its update rule, batch size, rate and init", () => {
    const inits = { he: "He init", xavier: "Xavier init" } as Record<string, string>;
    for (const page of PAGE_RECIPES) {
      const r = resolve(page.recipe).recipe;
      assert.ok(page.label.includes(`lr ${r.learningRate}`), page.id);
      if (r.batchSize !== null) {
        const rule = r.optimizer === "adam" ? "Adam" : "SGD";
        assert.ok(page.label.includes(`${rule} batch ${r.batchSize}`), page.id);
      }
      if (r.init !== null && r.init in inits) {
        assert.ok(page.label.includes(inits[r.init]), page.id);
      }
    }
  });

  await t.step("a convolutional net is offered, named by its layers", () => {
    const conv = PAGE_RECIPES.filter((p) => layerSpecOf(p)?.includes("conv"));
    assert.deepEqual(conv.map((p) => [p.id, recipeShape(p)]), [[
      "conv",
      "28x28-conv5x5x8-pool2-conv5x5x16-pool2-10",
    ]]);
  });

  await t.step("ids are unique, and every suggested epochs is allowed by the form", () => {
    assert.equal(new Set(PAGE_RECIPES.map((p) => p.id)).size, PAGE_RECIPES.length);
    for (const page of PAGE_RECIPES) assert.ok(page.epochs >= 1 && page.epochs <= 1000);
  });
});
