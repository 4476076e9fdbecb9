// These tests start the real server, as `deno task serve` does, and talk to it over loopback.
import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { encodeModel, mlp, Sequential } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";

import { measureDownloads } from "./serve_memory.ts";
import { ARGS, start } from "./test_server.ts";

/**
 * The server's memory bound (see apps/web/README.md): its peak resident set,
 * start-up included, when it has served twenty downloads of the 45 MiB
 * training images at once, and what those downloads may add to the peak.
 * Each is streamed from disk, so twenty cost about what one does (measured:
 * 96-98 MiB idle, 99-101 MiB peak; a copy per download, as before, peaked at
 * 1027 MiB).
 */
const PEAK_MIB = 160;
const DOWNLOADS_MIB = 32;

async function run(...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [...ARGS, ...args],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

function assertOneError(result: { code: number; stderr: string }, code: number, pattern: RegExp) {
  assert.equal(result.code, code, result.stderr);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /^error: /);
  assert.match(lines[0], pattern);
}

/**
 * Sends a request line as written (no client-side normalisation), with any
 * further header lines and body, and returns the status.
 */
async function rawStatus(
  url: string,
  target: string,
  method = "GET",
  more: { headers?: string[]; body?: string } = {},
): Promise<number> {
  const { hostname, port } = new URL(url);
  const connection = await Deno.connect({ hostname, port: Number(port) });
  try {
    const lines = [`${method} ${target} HTTP/1.1`, `Host: ${hostname}`, "Connection: close"];
    const request = [...lines, ...more.headers ?? [], "", more.body ?? ""].join("\r\n");
    await connection.write(new TextEncoder().encode(request));
    const head = new Uint8Array(64);
    const n = await connection.read(head);
    const line = new TextDecoder().decode(head.subarray(0, n ?? 0));
    return Number(line.split(" ")[1]);
  } finally {
    connection.close();
  }
}

Deno.test("serve", async (t) => {
  const server = await start("--port", "0");
  try {
    await t.step("prints its URL on 127.0.0.1 by default, with the model's shape", () => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    });

    await t.step(
      "serves the page, its scripts, the model and the data with their types",
      async () => {
        const cases: [string, string][] = [
          ["", "text/html; charset=utf-8"],
          ["app.js", "text/javascript; charset=utf-8"],
          ["train_worker.js", "text/javascript; charset=utf-8"],
          ["kernel_worker.js", "text/javascript; charset=utf-8"],
          ["style.css", "text/css; charset=utf-8"],
          ["uplot.css", "text/css; charset=utf-8"],
          ["model.smnn", "application/octet-stream"],
          ["data/test-labels.idx", "application/octet-stream"],
          ["data/train-samples.idx", "application/octet-stream"],
        ];
        for (const [path, type] of cases) {
          const response = await fetch(server.url + path);
          const body = await response.arrayBuffer();
          assert.equal(response.status, 200, path);
          assert.equal(response.headers.get("content-type"), type, path);
          assert.ok(body.byteLength > 0, path);
        }
        const page = await (await fetch(server.url)).text();
        assert.match(page, /<canvas id="pad"/);
        // Bundled: the scripts import nothing from anywhere.
        const app = await (await fetch(`${server.url}app.js`)).text();
        assert.doesNotMatch(app, /from\s*["']|import\s*\(\s*["']http/);
      },
    );

    await t.step("answers 404 to unknown routes and to the source files", async () => {
      for (const path of ["nope", "index.html", "src/page.ts", "main.ts", "data/", "static/"]) {
        const response = await fetch(server.url + path);
        await response.body?.cancel();
        assert.equal(response.status, 404, path);
      }
    });

    await t.step("answers 404 to request lines that climb out, as sent", async () => {
      for (
        const target of [
          "/../deno.json",
          "/../../../../etc/passwd",
          "/%2e%2e/deno.json",
          "/%2E%2E/%2e%2e/etc/passwd",
          "/data/..%2f..%2fdeno.json",
          "/..%5cdeno.json",
          "/static/../main.ts",
        ]
      ) {
        assert.equal(await rawStatus(server.url, target), 404, target);
      }
      assert.equal(await rawStatus(server.url, "/"), 200);
    });

    await t.step("a chunked body over 1 KiB gets 413, on GET as on POST", async () => {
      // Two chunks of 800 bytes (0x320): 1600 bytes, no content-length.
      const chunk = "x".repeat(800);
      const chunked = {
        headers: ["Transfer-Encoding: chunked"],
        body: `320\r\n${chunk}\r\n320\r\n${chunk}\r\n0\r\n\r\n`,
      };
      assert.equal(await rawStatus(server.url, "/", "GET", chunked), 413);
      assert.equal(await rawStatus(server.url, "/data/train-labels.idx", "GET", chunked), 413);
      assert.equal(await rawStatus(server.url, "/", "POST", chunked), 413);
      const declared = { headers: ["Content-Length: 1600"], body: chunk + chunk };
      assert.equal(await rawStatus(server.url, "/", "GET", declared), 413);
    });

    await t.step({
      name: `twenty parallel downloads of the training images peak under ${PEAK_MIB} MiB`,
      ignore: Deno.build.os !== "linux",
      fn: async () => {
        const m = await measureDownloads(server, "data/train-images.idx", 20);
        assert.equal(m.bytes, 16 + 60_000 * 784);
        const seen = `idle ${m.idleMiB.toFixed(0)} MiB, peak ${m.startMiB.toFixed(0)} MiB ` +
          `before the downloads, ${m.peakMiB.toFixed(0)} MiB after`;
        assert.ok(m.peakMiB < PEAK_MIB, seen);
        assert.ok(m.peakMiB - Math.max(m.idleMiB, m.startMiB) < DOWNLOADS_MIB, seen);
      },
    });

    await t.step("a second server on the same port says so in one line and exits 1", async () => {
      const port = new URL(server.url).port;
      assertOneError(
        await run("--port", port),
        1,
        new RegExp(`127\\.0\\.0\\.1:${port}: the port is in use`),
      );
    });
  } finally {
    await server.stop();
  }
});

Deno.test("serve flags", async (t) => {
  await t.step("--model serves the given model", async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/tiny.smnn`;
    const tiny = new Sequential(new JsBackend(), mlp([784, 3, 10], "relu"), {
      prng: seededPrng(0),
    });
    const bytes = encodeModel(await tiny.describe());
    await Deno.writeFile(path, bytes);
    const server = await start("--port", "0", "--model", path);
    try {
      const served = new Uint8Array(await (await fetch(`${server.url}model.smnn`)).arrayBuffer());
      assert.deepEqual(served, bytes);
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step(
    "a model that is not a model file: one error line, exit 1, nothing served",
    async () => {
      const dir = await Deno.makeTempDir();
      await Deno.writeTextFile(`${dir}/bad.smnn`, "not a model");
      assertOneError(await run("--port", "0", "--model", `${dir}/bad.smnn`), 1, /bad\.smnn/);
      assertOneError(
        await run("--port", "0", "--model", `${dir}/missing.smnn`),
        1,
        /^error: Cannot load model from .*missing\.smnn: no such file or folder$/,
      );
      await Deno.remove(dir, { recursive: true });
    },
  );

  await t.step("usage errors exit 2", async () => {
    assertOneError(await run("--port", "x"), 2, /--port must be a non-negative integer/);
    assertOneError(await run("--port", "70000"), 2, /--port must be at most 65535/);
    assertOneError(await run("--bogus"), 2, /unknown flag --bogus/);
  });

  await t.step("--help lists the flags", async () => {
    const result = await run("--help");
    assert.equal(result.code, 0);
    for (const flag of ["--port", "--host", "--model"]) {
      assert.match(result.stdout, new RegExp(flag));
    }
  });
});
