import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { BackendRegistry } from "./registry.ts";

Deno.test("BackendRegistry", async (t) => {
  await t.step("starts empty and says so when asked for a name", () => {
    const registry = new BackendRegistry();
    assert.deepEqual(registry.list(), []);
    assert.throws(() => registry.get("js"), {
      name: "RangeError",
      message: 'Cannot find backend "js": available backends are (none)',
    });
  });
  await t.step("finds a registered backend by name", () => {
    const registry = new BackendRegistry();
    const js = new JsBackend();
    registry.register(js);
    assert.equal(registry.get("js"), js);
    assert.ok(registry.has("js"));
    assert.ok(!registry.has("wasm"));
  });
  await t.step("lists names in registration order", () => {
    const registry = new BackendRegistry();
    registry.register(new JsBackend());
    registry.register(Object.assign(Object.create(new JsBackend()), { name: "other" }));
    assert.deepEqual(registry.list(), ["js", "other"]);
  });
  await t.step("names the available backends for an unknown name", () => {
    const registry = new BackendRegistry();
    registry.register(new JsBackend());
    assert.throws(() => registry.get("gpu"), {
      name: "RangeError",
      message: 'Cannot find backend "gpu": available backends are js',
    });
  });
  await t.step("refuses a second backend of the same name", () => {
    const registry = new BackendRegistry();
    registry.register(new JsBackend());
    assert.throws(() => registry.register(new JsBackend()), RangeError);
  });
});
