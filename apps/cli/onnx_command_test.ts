// These tests spawn the real command, as a user runs it.
import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import {
  conv2d,
  decodeModelFile,
  dense,
  encodeModel,
  flatten,
  maxPool2d,
  mlp,
  relu,
  Sequential,
} from "@simple-mnist/model";
import { exportOnnx, onnxModelOf } from "@simple-mnist/onnx";
import { seededPrng } from "@simple-mnist/random";
import { VERSION } from "./version.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;

async function cli(...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", MAIN, "export", ...args],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

function assertOneError(run: { code: number; stderr: string }, code: number, pattern: RegExp) {
  assert.equal(run.code, code, `exit ${run.code}; stderr: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `stderr has ${lines.length} lines:\n${run.stderr}`);
  assert.match(lines[0], /^error: /);
  assert.match(lines[0], pattern);
}

const dir = await Deno.makeTempDir();
const net = new Sequential(new JsBackend(), mlp([784, 16, 8, 10], "relu"), { prng: seededPrng(0) });
const modelBytes = encodeModel(await net.describe({ seed: 0, optimizer: "adam" }));
const model = `${dir}/net.model`;
await Deno.writeFile(model, modelBytes);

/** The folder's files, so a test can see that nothing (not even a temporary file) was left. */
function listing(folder: string): string[] {
  return [...Deno.readDirSync(folder)].map((e) => e.name).sort();
}

Deno.test("export", async (t) => {
  await t.step("writes what exportOnnx() makes of the model file", async () => {
    const out = `${dir}/net.onnx`;
    const run = await cli("--model", model, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Wrote .*net\.onnx \(ONNX opset 13, \d+ bytes\): pixels float32 \[N, 784\] in \[0, 1\] → probabilities \[N, 10\]\n$/,
    );
    const expected = exportOnnx(decodeModelFile(modelBytes, model), {
      producerVersion: VERSION,
    });
    assert.deepEqual(await Deno.readFile(out), expected);
    await Deno.remove(out);
  });
  await t.step(
    "a conv net's model file exports, with its Reshape, Conv, MaxPool and Flatten",
    async () => {
      const conv = new Sequential(
        new JsBackend(),
        [
          conv2d(4, 5, { padding: "same" }),
          relu(),
          maxPool2d(2),
          flatten(),
          dense(4 * 14 * 14, 10),
        ],
        { input: [1, 28, 28], prng: seededPrng(1) },
      );
      const bytes = encodeModel(await conv.describe({ seed: 1 }));
      const path = `${dir}/conv.model`;
      await Deno.writeFile(path, bytes);
      const out = `${dir}/conv.onnx`;
      const run = await cli("--model", path, "--out", out);
      assert.equal(run.code, 0, run.stderr);
      const description = decodeModelFile(bytes, path);
      assert.deepEqual(
        await Deno.readFile(out),
        exportOnnx(description, { producerVersion: VERSION }),
      );
      assert.deepEqual(onnxModelOf(description).graph.nodes.map((n) => n.opType), [
        "Reshape",
        "Conv",
        "Relu",
        "MaxPool",
        "Flatten",
        "Gemm",
        "Softmax",
      ]);
      await Deno.remove(out);
      await Deno.remove(path);
    },
  );
  await t.step("--help describes the input and output", async () => {
    const run = await cli("--help");
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: deno task export --model PATH --out PATH\.onnx/);
    assert.match(run.stdout, /opset 13/);
    assert.match(run.stdout, /--out PATH/);
  });
  await t.step("without --model or --out: a usage error (2)", async () => {
    assertOneError(await cli("--out", `${dir}/x.onnx`), 2, /--model is required/);
    assertOneError(await cli("--model", model), 2, /--out is required/);
  });
  await t.step(
    "--out in a missing folder: a usage error (2) before the model is read",
    async () => {
      const run = await cli("--model", `${dir}/missing.model`, "--out", `${dir}/nope/x.onnx`);
      assertOneError(run, 2, /Cannot write --out .*nope\/x\.onnx: there is no folder/);
    },
  );
  await t.step("--out naming a folder: a usage error (2)", async () => {
    assertOneError(await cli("--model", model, "--out", dir), 2, /it is a folder/);
  });
  await t.step("a missing model file: one line, exit 1, no file", async () => {
    const run = await cli("--model", `${dir}/missing.model`, "--out", `${dir}/x.onnx`);
    assertOneError(run, 1, /Cannot load model from .*missing\.model: no such file/);
    assert.deepEqual(listing(dir), ["net.model"]);
  });
  await t.step("a corrupt model file: one line, exit 1, no file", async () => {
    const corrupt = `${dir}/corrupt.model`;
    await Deno.writeFile(corrupt, modelBytes.subarray(0, modelBytes.length - 100));
    const run = await cli("--model", corrupt, "--out", `${dir}/x.onnx`);
    assertOneError(run, 1, /Cannot load model from .*corrupt\.model/);
    assert.deepEqual(listing(dir), ["corrupt.model", "net.model"]);
    await Deno.remove(corrupt);
  });
  await t.step("an existing --out is replaced whole", async () => {
    const out = `${dir}/old.onnx`;
    await Deno.writeTextFile(out, "old contents");
    const run = await cli("--model", model, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    assert.ok((await Deno.stat(out)).size > 4 * 784 * 16);
    assert.deepEqual(listing(dir), ["net.model", "old.onnx"]);
    await Deno.remove(out);
  });
});

Deno.test({
  name: "export: cleanup",
  fn: async () => await Deno.remove(dir, { recursive: true }),
});
