import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import {
  decodeModel,
  decodeModelFile,
  encodeModel,
  initWeights,
  loadModel,
  saveModel,
} from "./mod.ts";

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
  const view = new DataView(bytes.buffer);
  const headerLength = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const dataStart = 8 + headerLength;

  await t.step("lay out a safetensors file as documented", () => {
    assert.equal(view.getUint32(4, true), 0);
    assert.equal(headerLength % 8, 0);
    assert.deepEqual(header.W1, { dtype: "F32", shape: [10, 784], data_offsets: [0, 31360] });
    assert.deepEqual(header.b1, { dtype: "F32", shape: [10], data_offsets: [31360, 31400] });
    assert.deepEqual(header.W2.data_offsets, [31400, 31800]);
    assert.deepEqual(header.b2.data_offsets, [31800, 31840]);
    assert.equal(bytes.length, dataStart + 31840);
    assert.equal(view.getFloat32(dataStart, true), weights.W[0][0]);
    assert.equal(view.getFloat32(dataStart + 31360, true), weights.b[0][0]);
    assert.deepEqual(
      { ...header.__metadata__, crc32: "-" },
      {
        format: "simple-mnist",
        version: "2",
        layers: "[784,10,10]",
        activation: "relu",
        crc32: "-",
        training: "{}",
      },
    );
    assert.match(header.__metadata__.crc32, /^[0-9a-f]{8}$/);
  });
  await t.step("keep any depth, the activation and the metadata", () => {
    const deep = initWeights(seededPrng(5), { hidden: [16, 8, 4], activation: "leaky-relu" });
    const metadata = { seed: 5, flags: { lr: 0.01 }, testAccuracy: 0.9 };
    const file = decodeModelFile(encodeModel(deep, metadata), "deep.model");
    assert.deepEqual(file, { version: 2, weights: deep, metadata });
  });
  await t.step("refuse garbage and empty files", () => {
    rejects(
      new TextEncoder().encode("PK\u0003\u0004 not a model at all"),
      /not a simple-mnist model/,
    );
    rejects(new Uint8Array(0), /0 bytes, too short/);
    rejects(Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0, 0x5b, 0x31, 0x5d, 0x20), /not a JSON object/);
  });
  await t.step("refuse a safetensors file that is not ours, and another version", () => {
    const foreign = new TextEncoder().encode('{"__metadata__":{"format":"pt"}}');
    const file = new Uint8Array(8 + foreign.length);
    new DataView(file.buffer).setUint32(0, foreign.length, true);
    file.set(foreign, 8);
    rejects(file, /not a simple-mnist model \(no __metadata__.format/);
    const other = encodeWithHeader((h) => h.__metadata__.version = "3");
    rejects(other, /format version 3 is not supported \(this build reads versions 1 and 2\)/);
  });
  await t.step("refuse a truncated file or a header that does not fit the data", () => {
    rejects(bytes.subarray(0, bytes.length - 100), /truncated/);
    rejects(bytes.subarray(0, 20), /truncated/);
    rejects(encodeWithHeader((h) => h.__metadata__.layers = "[784,11,10]"), /784-11-10 model has/);
    rejects(encodeWithHeader((h) => h.__metadata__.layers = "[784,0,10]"), /not a usable net/);
    rejects(encodeWithHeader((h) => h.W2.shape = [10, 11]), /W2 has shape \[10,11\]/);
    rejects(encodeWithHeader((h) => h.b1.dtype = "F16"), /b1 is F16, not F32/);
    rejects(encodeWithHeader((h) => h.__metadata__.activation = "swish"), /unknown activation/);
  });
  await t.step("refuse a flipped bit", () => {
    const flipped = bytes.slice();
    flipped[dataStart + 1000] ^= 0x10;
    rejects(flipped, /checksum/);
  });

  /** The same data under an edited header. */
  function encodeWithHeader(edit: (h: typeof header) => void): Uint8Array {
    const h = structuredClone(header);
    edit(h);
    const json = new TextEncoder().encode(JSON.stringify(h));
    const file = new Uint8Array(8 + json.length + bytes.length - dataStart);
    new DataView(file.buffer).setUint32(0, json.length, true);
    file.set(json, 8);
    file.set(bytes.subarray(dataStart), 8 + json.length);
    return file;
  }
});

Deno.test("decodeModel() reads version 1 files", async (t) => {
  // Written by the release before nets of any depth (simple-mnist 0.1):
  // `deno task train --iterations 30 --seed 3 --limit 3000 --dev-size 500`.
  const v1 = await Deno.readFile(new URL("./testdata/v1_784-10-10.model", import.meta.url));
  await t.step("as a 784-10-10 ReLU net without metadata", () => {
    const file = decodeModelFile(v1, "v1.model");
    assert.equal(file.version, 1);
    assert.deepEqual(file.weights.layers, [784, 10, 10]);
    assert.equal(file.weights.activation, "relu");
    assert.deepEqual(file.metadata, {});
  });
  await t.step("refusing a flipped bit or a truncated one", () => {
    const flipped = v1.slice();
    flipped[1000] ^= 0x10;
    rejects(flipped, /checksum/);
    rejects(v1.subarray(0, v1.length - 8), /truncated/);
    const other = v1.slice();
    new DataView(other.buffer).setUint32(4, 7, true);
    rejects(other, /format version 7 is not supported/);
  });
  await t.step("and re-saves them as version 2 with the same weights", () => {
    const weights = decodeModel(v1, "v1.model");
    assert.deepEqual(decodeModel(encodeModel(weights), "v2.model"), weights);
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
    await Deno.writeTextFile(`${dir}/bad.model`, "SMNN\u0001\u0000\u0000\u0000");
    await assert.rejects(loadModel(`${dir}/bad.model`), new RegExp(`${dir}/bad\\.model`));
  });
  await Deno.remove(dir, { recursive: true });
});
