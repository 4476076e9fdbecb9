// The model is written against the backend interface only: no library file
// of this package may import a backend implementation.
import assert from "node:assert/strict";

Deno.test("the model imports no backend", async (t) => {
  const dir = new URL("./", import.meta.url);
  for await (const entry of Deno.readDir(dir)) {
    const name = entry.name;
    if (!name.endsWith(".ts") || name.endsWith("_test.ts") || name.startsWith("_test_")) continue;
    await t.step(name, async () => {
      const source = await Deno.readTextFile(new URL(name, dir));
      // Code imports start a line; documentation examples (" * import …") may use a backend.
      const imports = [...source.matchAll(/^(?:import|export)\b[^;]*?from\s+"([^"]+)"/gm)]
        .map((m) => m[1]);
      assert.ok(name !== "mod.ts" || imports.length > 0, "found no imports at all");
      const backends = imports.filter((s) => /backend-|backend_/.test(s));
      assert.deepEqual(backends, [], `${name} imports ${backends.join(", ")}`);
    });
  }
});
