import assert from "node:assert/strict";
import { resolve } from "@simple-mnist/recipe";
import { PAGE_RECIPES, recipeShape } from "./recipes.ts";

Deno.test("PAGE_RECIPES", async (t) => {
  await t.step("each label starts with its id and the net its recipe builds", () => {
    for (const page of PAGE_RECIPES) {
      const [name, net] = page.label.split(", ")[0].split(": ");
      assert.equal(name, page.id);
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

  await t.step("ids are unique, and every suggested epochs is allowed by the form", () => {
    assert.equal(new Set(PAGE_RECIPES.map((p) => p.id)).size, PAGE_RECIPES.length);
    for (const page of PAGE_RECIPES) assert.ok(page.epochs >= 1 && page.epochs <= 1000);
  });
});
