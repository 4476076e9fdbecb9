// saveModel and loadModelFile meet a full disk, folders, devices and huge files
// with one message each. Kept apart from model_file_test.ts, which checks the format.
import assert from "node:assert/strict";
import { failWritesAfter } from "@simple-mnist/files/testing";
import { JsBackend } from "@simple-mnist/backend-js";
import { seededPrng } from "@simple-mnist/random";
import { encodeModel, loadModelFile, mlp, saveModel, Sequential } from "./mod.ts";

const backend = new JsBackend();
const describe = (hidden: number, seed: number) =>
  new Sequential(backend, mlp([784, hidden, 10], "relu"), { prng: seededPrng(seed) })
    .describe({ seed });

Deno.test("saveModel() under a write that fails after N bytes", async (t) => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/m.model`;
  const model = await describe(16, 3);
  const size = encodeModel(model).length;
  await t.step("names the model file, keeps the old one and leaves no temporary", async () => {
    await saveModel(path, await describe(2, 4));
    for (const cut of [0, 1, 8, size >> 1, size - 1]) {
      {
        using _full = failWritesAfter(cut);
        await assert.rejects(saveModel(path, model), {
          name: "FileError",
          message: `Cannot write ${path}: the disk is full`,
        });
      }
      assert.equal((await loadModelFile(path)).metadata.seed, 4);
      assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["m.model"]);
    }
    {
      using _room = failWritesAfter(size);
      await saveModel(path, model);
    }
    assert.equal((await loadModelFile(path)).metadata.seed, 3);
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadModelFile() says why it cannot read a file, in one message", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("a missing file, a folder and a device", async () => {
    for (
      const [path, why] of [
        [`${dir}/none.model`, "no such file or folder"],
        [dir, "it is a folder"],
        ["/dev/zero", "it is a device, not a file"],
      ]
    ) {
      await assert.rejects(loadModelFile(path), {
        name: "FileError",
        message: `Cannot load model from ${path}: ${why}`,
      });
    }
  });
  await t.step("a file over 1.5 GiB, refused before it is read", async () => {
    const file = await Deno.open(`${dir}/huge.model`, { write: true, createNew: true });
    await file.truncate(2 * 2 ** 30); // sparse
    file.close();
    const start = performance.now();
    await assert.rejects(loadModelFile(`${dir}/huge.model`), {
      message:
        `Cannot load model from ${dir}/huge.model: it is 2 GiB, more than the 1.5 GiB a model file can be`,
    });
    assert.ok(performance.now() - start < 500);
  });
  await t.step("and a file that is not a model, with the same opening words", async () => {
    await Deno.writeTextFile(`${dir}/text.model`, "not a model at all");
    await assert.rejects(loadModelFile(`${dir}/text.model`), {
      name: "TypeError",
      message: new RegExp(`^Cannot load model from ${dir}/text\\.model: `),
    });
  });
  await Deno.remove(dir, { recursive: true });
});
