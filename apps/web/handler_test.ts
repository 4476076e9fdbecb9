import assert from "node:assert/strict";
import { createHandler, type FileBody, MAX_BODY_BYTES } from "./handler.ts";

const text = (s: string) => new TextEncoder().encode(s);
const dir = await Deno.makeTempDir();
// A file served from disk, large enough to come in several chunks.
const onDisk = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
await Deno.writeFile(`${dir}/big.idx`, onDisk);
const routes = new Map<string, Uint8Array | FileBody>([
  ["/", text("<!doctype html><p>page</p>")],
  ["/app.js", text("console.log(1)")],
  ["/style.css", text("p {}")],
  ["/model.smnn", Uint8Array.of(1, 2, 3)],
  ["/data/test-labels.idx", Uint8Array.of(0, 0, 8, 1)],
  ["/data/big.idx", { path: `${dir}/big.idx`, size: onDisk.length }],
  ["/data/gone.idx", { path: `${dir}/gone.idx`, size: 10 }],
]);
const handler = createHandler(routes);
const get = (path: string, init?: RequestInit) =>
  handler(new Request(`http://localhost${path}`, init));

Deno.test("createHandler()", async (t) => {
  await t.step("serves each route with its content type and length", async () => {
    const cases: [string, string][] = [
      ["/", "text/html; charset=utf-8"],
      ["/app.js", "text/javascript; charset=utf-8"],
      ["/style.css", "text/css; charset=utf-8"],
      ["/model.smnn", "application/octet-stream"],
      ["/data/test-labels.idx", "application/octet-stream"],
    ];
    for (const [path, type] of cases) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get("content-type"), type, path);
      const body = new Uint8Array(await response.arrayBuffer());
      assert.deepEqual(body, routes.get(path), path);
      assert.equal(response.headers.get("content-length"), String(body.length));
    }
  });

  await t.step("streams a file route from disk, every byte, with its length", async () => {
    const response = await get("/data/big.idx");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/octet-stream");
    assert.equal(response.headers.get("content-length"), String(onDisk.length));
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), onDisk);
    const head = await get("/data/big.idx", { method: "HEAD" });
    assert.equal(head.headers.get("content-length"), String(onDisk.length));
    assert.equal(head.body, null);
  });

  await t.step("answers 500 when a file route's file is gone", async () => {
    const response = await get("/data/gone.idx");
    assert.equal(response.status, 500);
    assert.equal(
      await response.text(),
      "Cannot read /data/gone.idx: the file is gone from the server\n",
    );
  });

  await t.step("sets the isolation and security headers on every answer, 404s too", async () => {
    for (const path of ["/", "/nope"]) {
      const response = await get(path);
      await response.body?.cancel();
      assert.equal(response.headers.get("cross-origin-opener-policy"), "same-origin");
      assert.equal(response.headers.get("cross-origin-embedder-policy"), "require-corp");
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.match(response.headers.get("content-security-policy")!, /default-src 'self'/);
    }
  });

  await t.step(
    "answers 404 to unknown routes, directories and the files behind the routes",
    async () => {
      for (
        const path of [
          "/nope",
          "/index.html",
          "/data",
          "/data/",
          "/static/index.html",
          "/src/page.ts",
          "/app.js/",
        ]
      ) {
        const response = await get(path);
        assert.equal(response.status, 404, path);
        assert.equal(await response.text(), "Not found\n");
      }
    },
  );

  await t.step("answers 404 to paths that climb out or hide separators", async () => {
    for (
      const path of [
        "/../deno.json",
        "/%2e%2e/deno.json",
        "/data/%2e%2e/%2e%2e/deno.json",
        "/..%2fdeno.json",
        "/data%2ftest-labels.idx",
        "/data%5ctest-labels.idx",
        "/app.js%00",
      ]
    ) {
      const response = await get(path);
      await response.body?.cancel();
      assert.equal(response.status, 404, path);
    }
  });

  await t.step("ignores the query string", async () => {
    const response = await get("/app.js?v=2");
    await response.body?.cancel();
    assert.equal(response.status, 200);
  });

  await t.step("HEAD gives the headers without a body", async () => {
    const response = await get("/model.smnn", { method: "HEAD" });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-length"), "3");
    assert.equal(response.body, null);
  });

  await t.step("answers 405 to other methods on a route", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await get("/", { method, body: "x" });
      await response.body?.cancel();
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get("allow"), "GET, HEAD");
    }
  });

  await t.step(
    `refuses a body over ${MAX_BODY_BYTES} bytes with 413, declared or streamed`,
    async () => {
      const big = await get("/", { method: "POST", body: "x".repeat(MAX_BODY_BYTES + 1) });
      await big.body?.cancel();
      assert.equal(big.status, 413);
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(MAX_BODY_BYTES / 2));
          controller.close();
        },
      });
      const streamed = await get("/", { method: "POST", body: chunks });
      await streamed.body?.cancel();
      assert.equal(streamed.status, 413);
      const small = await get("/", { method: "POST", body: "x" });
      await small.body?.cancel();
      assert.equal(small.status, 405, "a small body is read and the method refused");
    },
  );

  await t.step("refuses a GET or HEAD that announces a chunked body (413)", async () => {
    // Deno gives the handler no body for GET and HEAD, so its size cannot be known.
    for (const method of ["GET", "HEAD"]) {
      const response = await get("/", { method, headers: { "transfer-encoding": "chunked" } });
      await response.body?.cancel();
      assert.equal(response.status, 413, method);
    }
    const declared = await get("/", { headers: { "content-length": String(MAX_BODY_BYTES + 1) } });
    await declared.body?.cancel();
    assert.equal(declared.status, 413);
  });
});

Deno.test({
  name: "cleanup",
  fn: async () => await Deno.remove(dir, { recursive: true }),
});
