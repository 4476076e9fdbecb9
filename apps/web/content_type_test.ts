import assert from "node:assert/strict";
import { contentType } from "./content_type.ts";

Deno.test("contentType()", async (t) => {
  await t.step("names the page's file types", () => {
    assert.equal(contentType("/index.html"), "text/html; charset=utf-8");
    assert.equal(contentType("/style.css"), "text/css; charset=utf-8");
    assert.equal(contentType("/train_worker.js"), "text/javascript; charset=utf-8");
    assert.equal(contentType("/data/train-images.idx"), "application/octet-stream");
  });
  await t.step("ignores case, and dots in folders", () => {
    assert.equal(contentType("/A.JS"), "text/javascript; charset=utf-8");
    assert.equal(contentType("/v1.2/file"), "application/octet-stream");
  });
  await t.step("falls back to application/octet-stream", () => {
    for (const path of ["/x.exe", "/noext", "/.html", ""]) {
      assert.equal(contentType(path), "application/octet-stream", path);
    }
  });
});
