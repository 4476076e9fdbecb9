import assert from "node:assert/strict";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { loadMnist } from "@simple-mnist/data";
import { evaluate, loadModelFile, Sequential } from "@simple-mnist/model";
import { DEFAULT_MODEL } from "./site.ts";

Deno.test("default model", async (t) => {
  const file = await loadModelFile(DEFAULT_MODEL.pathname);

  await t.step("is what deno task build:web-model trains", async () => {
    const tasks =
      JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url))).tasks;
    const command: string = tasks["build:web-model"];
    const training = file.metadata;
    const flag = (name: string) => command.match(new RegExp(`--${name} (\\S+)`))?.[1];
    assert.equal(training.architecture, `784-${flag("hidden")}-10`);
    assert.equal(String(training.iterations), flag("iterations"));
    assert.equal(String(training.batchSize), flag("batch-size"));
    assert.equal(String(training.learningRate), flag("lr"));
    assert.equal(training.init, flag("init"));
    assert.equal(String(training.seed), flag("seed"));
    assert.match(command, /--save apps\/web\/default_model\.smnn$/);
  });

  await t.step("reads at least 97% of the MNIST test set right", async () => {
    const { test } = await loadMnist();
    const backend = new WasmBackend({ threads: 1 });
    const net = Sequential.fromDescription(backend, file);
    const { accuracy } = await evaluate(net, test!);
    net.dispose();
    backend.close();
    assert.ok(accuracy >= 0.97, `test accuracy ${accuracy}`);
  });
});
