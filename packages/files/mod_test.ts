import assert from "node:assert/strict";

Deno.test("mod.ts", async (t) => {
  await t.step("the package imports only its own files (the page bundles it)", async () => {
    // The web page bundles @simple-mnist/model, which imports this package: an import of
    // node:* or npm:* here would be left in the browser bundle, unresolvable.
    for await (const entry of Deno.readDir(new URL(".", import.meta.url))) {
      if (!entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts")) continue;
      if (entry.name === "testing.ts") continue; // tests only, never bundled
      const source = await Deno.readTextFile(new URL(entry.name, import.meta.url));
      const code = source.replace(/^\s*\*.*$/gm, ""); // not the doc examples
      for (const [, specifier] of code.matchAll(/\bfrom\s+"([^"]+)"/g)) {
        assert.ok(specifier.startsWith("./"), `${entry.name} imports ${specifier}`);
      }
    }
  });
});
