import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { JsBackend } from "@simple-mnist/backend-js";
import {
  decodeModelFile,
  dense,
  dropout,
  encodeModel,
  LAYER_TYPES,
  loadModelFile,
  mlp,
  type NetDescription,
  parseLayerList,
  predict,
  relu,
  saveModel,
  Sequential,
} from "./mod.ts";

const backend = new JsBackend();
const seedNet = new Sequential(backend, mlp([784, 10, 10], "relu"), { prng: seededPrng(4) });
const description = await seedNet.describe();

function rejects(bytes: Uint8Array, message: RegExp) {
  assert.throws(() => decodeModelFile(bytes, "net.model"), (error: unknown) => {
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /^Cannot load model from net\.model: /);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("encodeModel() and decodeModelFile()", async (t) => {
  const bytes = encodeModel(description);

  await t.step("round-trip exactly", () => {
    assert.deepEqual(decodeModelFile(bytes, "x"), { ...description, version: 2 });
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
    assert.equal(view.getFloat32(dataStart, true), description.params.W1.values[0]);
    assert.equal(view.getFloat32(dataStart + 31360, true), description.params.b1.values[0]);
    assert.deepEqual(
      { ...header.__metadata__, crc32: "-" },
      {
        format: "simple-mnist",
        version: "2",
        net: JSON.stringify({
          input: [784],
          layers: [
            { type: "dense", inputs: 784, units: 10 },
            { type: "relu" },
            { type: "dense", inputs: 10, units: 10 },
          ],
        }),
        layers: "[784,10,10]",
        activation: "relu",
        crc32: "-",
        training: "{}",
      },
    );
    assert.match(header.__metadata__.crc32, /^[0-9a-f]{8}$/);
  });
  await t.step("keep any list of layers and the metadata", async () => {
    const layers = [dense(784, 16), relu(), dropout(0.25), dense(16, 8), relu(), dense(8, 10)];
    const net = new Sequential(backend, layers, { prng: seededPrng(5), noise: seededPrng(6) });
    const metadata = { seed: 5, recipe: { lr: 0.01 }, testAccuracy: 0.9 };
    const written = await net.describe(metadata);
    const file = decodeModelFile(encodeModel(written), "deep.model");
    assert.deepEqual(file, { ...written, version: 2 });
    net.dispose();
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
  await t.step("refuse an unknown layer type, naming the layer", () => {
    const conv = (h: typeof header) => {
      const net = JSON.parse(h.__metadata__.net);
      net.layers[1] = { type: "capsule", routes: 3 };
      h.__metadata__.net = JSON.stringify(net);
    };
    rejects(
      encodeWithHeader(conv),
      /layer 2: unknown layer type "capsule" \(this build knows dense, relu, leakyRelu/,
    );
    const types = LAYER_TYPES.filter((type) => type.type !== "relu");
    assert.throws(() => decodeModelFile(bytes, "net.model", types), /unknown layer type "relu"/);
  });
  await t.step("refuse layers whose shapes do not chain, or a bad field", () => {
    const edit = (layers: unknown[]) => (h: typeof header) => {
      h.__metadata__.net = JSON.stringify({ input: [784], layers });
    };
    rejects(
      encodeWithHeader(edit([dense(784, 10), relu(), dense(11, 10)])),
      /layer 3, dense\(11, 10\), cannot take the 10 output of layer 2, relu\(\): it takes 11 inputs/,
    );
    rejects(
      encodeWithHeader(edit([dense(784, 10), relu(), { type: "dense", inputs: 10, units: -1 }])),
      /layer 3: dense's units must be a positive integer, got -1/,
    );
  });
  await t.step("refuse a parameter of the wrong shape, a repeated or a foreign one", () => {
    rejects(
      encodeWithHeader((h) => h.W2.shape = [10, 11]),
      /layer 3, dense\(10, 10\): tensor W2 has shape \[10,11\], not \[10,10\]/,
    );
    rejects(encodeWithHeader((h) => h.b1.dtype = "F16"), /tensor b1 is F16, not F32/);
    rejects(encodeWithHeader((h) => h.W9 = h.b2), /a tensor W9 that is not a parameter of the net/);
    const repeated = new TextEncoder().encode(
      JSON.stringify(header).replace(
        '"b2":',
        '"W2":{"dtype":"F32","shape":[10],"data_offsets":[0,40]},"b2":',
      ),
    );
    rejects(withHeaderBytes(repeated), /the header names tensor W2 twice/);
  });
  await t.step("refuse a truncated file or a header that does not fit the data", () => {
    rejects(bytes.subarray(0, bytes.length - 100), /truncated/);
    rejects(bytes.subarray(0, 20), /truncated/);
    rejects(
      encodeWithHeader((h) => {
        h.__metadata__.net = JSON.stringify({ input: [784], layers: mlp([784, 11, 10], "relu") });
        h.W1.shape = [11, 784];
      }),
      /the net has 35020 bytes of parameters but the file has 31840/,
    );
  });
  await t.step("refuse a flipped bit", () => {
    const flipped = bytes.slice();
    flipped[dataStart + 1000] ^= 0x10;
    rejects(flipped, /checksum/);
  });
  await t.step("read what release 0.2 wrote: widths and an activation, no net", () => {
    const old = encodeWithHeader((h) => {
      delete h.__metadata__.net;
      h.__metadata__.activation = "tanh";
    });
    assert.deepEqual(decodeModelFile(old, "old.model").layers, mlp([784, 10, 10], "tanh"));
    rejects(
      encodeWithHeader((h) => {
        delete h.__metadata__.net;
        h.__metadata__.layers = "[784,0,10]";
      }),
      /__metadata__.layers \[784,0,10\] is not a list of widths/,
    );
    rejects(
      encodeWithHeader((h) => {
        delete h.__metadata__.net;
        h.__metadata__.activation = "swish";
      }),
      /unknown activation/,
    );
  });

  /** The same data under an edited header. */
  function encodeWithHeader(edit: (h: typeof header) => void): Uint8Array {
    const h = structuredClone(header);
    edit(h);
    return withHeaderBytes(new TextEncoder().encode(JSON.stringify(h)));
  }
  function withHeaderBytes(json: Uint8Array): Uint8Array {
    const file = new Uint8Array(8 + json.length + bytes.length - dataStart);
    new DataView(file.buffer).setUint32(0, json.length, true);
    file.set(json, 8);
    file.set(bytes.subarray(dataStart), 8 + json.length);
    return file;
  }
});

Deno.test("encodeModel() and decodeModelFile() on a conv net", async (t) => {
  const { input, layers } = parseLayerList(
    "conv:4:3:same,relu,pool:2,conv:6:3:s2,relu,dense:10",
    { height: 28, width: 28 },
  );
  const net = new Sequential(backend, layers, { input, prng: seededPrng(7) });
  const described = await net.describe({ layerSpec: "conv:4:3:same,…", seed: 7 });
  const bytes = encodeModel(described);
  await t.step("round-trip its input shape, layers and parameters exactly", () => {
    const file = decodeModelFile(bytes, "conv.model");
    assert.deepEqual(file, { ...described, version: 2 });
    assert.deepEqual(file.input, [1, 28, 28]);
    assert.deepEqual(file.params.W1.shape, [4, 9]);
    assert.deepEqual(file.params.W2.shape, [6, 36]);
    const header = JSON.parse(
      new TextDecoder().decode(
        bytes.subarray(8, 8 + new DataView(bytes.buffer).getUint32(0, true)),
      ),
    );
    // No MLP widths for release 0.2's reader: it refuses the file rather than misread it.
    assert.equal(header.__metadata__.layers, undefined);
  });
  await t.step("build the same net back, predicting alike", async () => {
    const copy = Sequential.fromDescription(backend, decodeModelFile(bytes, "conv.model"));
    const pixels = Uint8Array.from({ length: 3 * 784 }, (_, i) => (i * 37) % 256);
    const images = { count: 3, features: 784, pixels };
    assert.deepEqual(await predict(copy, images), await predict(net, images));
    assert.deepEqual(await copy.parameters(), await net.parameters());
    copy.dispose();
  });
  await t.step("be refused by a reader that knows no conv2d, as an unknown layer type", () => {
    // What the reader of the release before conv nets holds: these types only.
    const older = LAYER_TYPES.filter((t) => !["conv2d", "maxPool2d", "flatten"].includes(t.type));
    assert.throws(
      () => decodeModelFile(bytes, "conv.model", older),
      {
        name: "TypeError",
        message:
          'Cannot load model from conv.model: layer 1: unknown layer type "conv2d" (this build knows dense, relu, leakyRelu, tanh, sigmoid, dropout)',
      },
    );
  });
  net.dispose();
});

Deno.test("decodeModelFile() reads every earlier release's files", async (t) => {
  // Written by simple-mnist 0.1, before nets of any depth:
  // `deno task train --iterations 30 --seed 3 --limit 3000 --dev-size 500`.
  const v1 = await Deno.readFile(new URL("./testdata/v1_784-10-10.model", import.meta.url));
  // Written by simple-mnist 0.2, before layers as values: `deno task train --hidden 32,16
  // --activation tanh --batch-size 128 --iterations 2 --dropout 0.1 --optimizer adam --seed 3
  // --limit 20000` (test accuracy 0.9005, loss 0.42277, checked by apps/cli's tests).
  const v2 = await Deno.readFile(new URL("./testdata/v2_784-32-16-10_tanh.model", import.meta.url));
  await t.step("version 1 as a 784-10-10 ReLU net without metadata", () => {
    const file = decodeModelFile(v1, "v1.model");
    assert.equal(file.version, 1);
    assert.deepEqual(file.input, [784]);
    assert.deepEqual(file.layers, mlp([784, 10, 10], "relu"));
    assert.deepEqual(file.metadata, {});
  });
  await t.step("version 1 refusing a flipped bit or a truncated one", () => {
    const flipped = v1.slice();
    flipped[1000] ^= 0x10;
    rejects(flipped, /checksum/);
    rejects(v1.subarray(0, v1.length - 8), /truncated/);
    const other = v1.slice();
    new DataView(other.buffer).setUint32(4, 7, true);
    rejects(other, /format version 7 is not supported/);
  });
  await t.step("release 0.2's version 2 as its MLP, with its metadata", () => {
    const file = decodeModelFile(v2, "v2.model");
    assert.equal(file.version, 2);
    assert.deepEqual(file.layers, mlp([784, 32, 16, 10], "tanh"));
    assert.equal(file.metadata.optimizer, "adam");
    assert.deepEqual(file.params.W2.shape, [16, 32]);
  });
  await t.step("and re-save them with the same parameters", () => {
    for (const bytes of [v1, v2]) {
      const file = decodeModelFile(bytes, "old.model");
      const { version: _, ...described } = file;
      const again = decodeModelFile(encodeModel(described), "new.model");
      assert.deepEqual(again.params, file.params);
      assert.deepEqual(again.layers, file.layers);
    }
  });
});

Deno.test("saveModel() and loadModelFile()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("write atomically and read back", async () => {
    const path = `${dir}/a.model`;
    await saveModel(path, description);
    assert.deepEqual((await loadModelFile(path)).params, description.params);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.model"]);
  });
  await t.step("leave nothing behind when the write fails", async () => {
    await assert.rejects(saveModel(`${dir}/missing/b.model`, description));
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.model"]);
  });
  await t.step("name the file in a load error", async () => {
    await Deno.writeTextFile(`${dir}/bad.model`, "SMNN\u0001\u0000\u0000\u0000");
    await assert.rejects(loadModelFile(`${dir}/bad.model`), new RegExp(`${dir}/bad\\.model`));
  });
  await t.step("refuse to encode parameters that are not the net's", () => {
    const { W1: _, ...rest } = description.params;
    const missing: NetDescription = { ...description, params: rest };
    assert.throws(
      () => encodeModel(missing),
      /its parameters are b1, W2, b2 but the net's are W1, b1, W2, b2/,
    );
  });
  await Deno.remove(dir, { recursive: true });
});
