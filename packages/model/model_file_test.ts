import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { decodeModel, encodeModel, initWeights, loadModel, saveModel } from "./mod.ts";

const weights = initWeights(seededPrng(4), { inputs: 784, hidden: 10, classes: 10 });

function rejects(bytes: Uint8Array, message: RegExp) {
  assert.throws(() => decodeModel(bytes, "net.model"), (error: unknown) => {
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /^Cannot load model from net\.model: /);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("encodeModel() and decodeModel()", async (t) => {
  const bytes = encodeModel(weights);

  await t.step("round-trip exactly", () => {
    assert.deepEqual(decodeModel(bytes, "x"), weights);
  });
  await t.step("lay out the header little-endian as documented", () => {
    const view = new DataView(bytes.buffer);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "SMNN");
    assert.deepEqual([4, 8, 12, 16].map((o) => view.getUint32(o, true)), [1, 784, 10, 10]);
    assert.equal(view.getFloat32(20, true), weights.W1[0]);
    assert.equal(view.getFloat32(20 + 4 * 7840, true), weights.b1[0]);
  });
  await t.step("refuse garbage and empty files", () => {
    rejects(
      new TextEncoder().encode("PK\u0003\u0004 not a model at all"),
      /not a simple-mnist model/,
    );
    rejects(new Uint8Array(0), /0 bytes, too short/);
  });
  await t.step("refuse another version", () => {
    const other = bytes.slice();
    new DataView(other.buffer).setUint32(4, 2, true);
    rejects(other, /format version 2 is not supported \(this build reads version 1\)/);
  });
  await t.step("refuse a truncated file or a header of the wrong shape", () => {
    rejects(bytes.subarray(0, bytes.length - 100), /truncated/);
    rejects(bytes.subarray(0, 10), /too short for a model header/);
    const wrongShape = bytes.slice();
    new DataView(wrongShape.buffer).setUint32(12, 11, true);
    rejects(wrongShape, /a 784-11-10 model is/);
    const zero = bytes.slice();
    new DataView(zero.buffer).setUint32(8, 0, true);
    rejects(zero, /not a usable net/);
  });
  await t.step("refuse a flipped bit", () => {
    const flipped = bytes.slice();
    flipped[1000] ^= 0x10;
    rejects(flipped, /checksum/);
  });
});

Deno.test("saveModel() and loadModel()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("write atomically and read back", async () => {
    const path = `${dir}/a.model`;
    await saveModel(path, weights);
    assert.deepEqual(await loadModel(path), weights);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.model"]);
  });
  await t.step("leave nothing behind when the write fails", async () => {
    await assert.rejects(saveModel(`${dir}/missing/b.model`, weights));
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.model"]);
  });
  await t.step("name the file in a load error", async () => {
    await Deno.writeTextFile(`${dir}/bad.model`, "SMNN");
    await assert.rejects(loadModel(`${dir}/bad.model`), new RegExp(`${dir}/bad\\.model`));
  });
  await Deno.remove(dir, { recursive: true });
});
