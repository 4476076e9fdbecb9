import assert from "node:assert/strict";
import { resolveRequestPath } from "./request_path.ts";

const ROOT = "/srv/app";

Deno.test("resolveRequestPath()", async (t) => {
  await t.step("resolves plain and nested paths inside the root", () => {
    assert.equal(resolveRequestPath(ROOT, "/index.html"), "/srv/app/index.html");
    assert.equal(resolveRequestPath(ROOT, "/a/b.js"), "/srv/app/a/b.js");
    assert.equal(resolveRequestPath(`${ROOT}/`, "/a.js"), "/srv/app/a.js");
  });

  await t.step("applies . and .. that stay inside the root", () => {
    assert.equal(resolveRequestPath(ROOT, "/a/./b/../c.js"), "/srv/app/a/c.js");
    assert.equal(resolveRequestPath(ROOT, "//a//b.js"), "/srv/app/a/b.js");
    assert.equal(resolveRequestPath(ROOT, "/a/.."), undefined, "names the root");
  });

  await t.step("decodes percent-escapes once", () => {
    assert.equal(resolveRequestPath(ROOT, "/a%20b.js"), "/srv/app/a b.js");
    // %252e decodes to the literal text "%2e", a harmless file name.
    assert.equal(resolveRequestPath(ROOT, "/%252e%252e/x"), "/srv/app/%2e%2e/x");
  });

  await t.step("refuses paths that climb out, plain or encoded", () => {
    for (
      const path of [
        "/../etc/passwd",
        "/a/../../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/.%2e/etc/passwd",
        "/a/%2e%2e/%2e%2e/x",
      ]
    ) {
      assert.equal(resolveRequestPath(ROOT, path), undefined, path);
    }
  });

  await t.step("refuses encoded slashes, backslashes and NULs", () => {
    for (
      const path of [
        "/..%2fetc%2fpasswd",
        "/a%2F..%2F..%2Fx",
        "/..%5cetc",
        "/a\\..\\..\\x",
        "/index.html%00.js",
      ]
    ) {
      assert.equal(resolveRequestPath(ROOT, path), undefined, path);
    }
  });

  await t.step("refuses the root itself (no listings) and malformed escapes", () => {
    assert.equal(resolveRequestPath(ROOT, "/"), undefined);
    assert.equal(resolveRequestPath(ROOT, "/a/"), undefined);
    assert.equal(resolveRequestPath(ROOT, "/a.js/"), undefined);
    assert.equal(resolveRequestPath(ROOT, "/a/.."), undefined);
    assert.equal(resolveRequestPath(ROOT, "/%e0%a4%a"), undefined);
    assert.equal(resolveRequestPath(ROOT, "index.html"), undefined);
  });
});
