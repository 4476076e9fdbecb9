import assert from "node:assert/strict";
import { IDX_FILES, parseIdx } from "@simple-mnist/data";
import { MNIST_ROUTES, mnistFiles, SAMPLE_IMAGES, sampleImages } from "./mnist_files.ts";

Deno.test("mnistFiles()", async (t) => {
  await t.step("serves the four bundled files as they are, from disk", async () => {
    const files = await mnistFiles();
    assert.deepEqual([...files.keys()].sort(), Object.keys(MNIST_ROUTES).sort());
    assert.equal(files.get("/data/train-images.idx")!.size, 16 + 60_000 * 784);
    const testImages = files.get("/data/test-images.idx")!;
    assert.equal((await Deno.stat(testImages.path)).size, testImages.size);
    // IDX magic of an image file: 0x00000803.
    const head = (await Deno.readFile(testImages.path)).subarray(0, 4);
    assert.deepEqual([...head], [0, 0, 8, 3]);
  });

  await t.step("refuses a file whose digest differs, naming it", async () => {
    const dir = await Deno.makeTempDir();
    try {
      for (const name of Object.values(IDX_FILES)) {
        await Deno.writeFile(`${dir}/${name}`, Uint8Array.of(1));
      }
      await assert.rejects(() => mnistFiles(dir), (e: Error) => {
        assert.match(e.message, /train-images-idx3-ubyte: SHA-256 is [0-9a-f]{64}, not/);
        return true;
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step("refuses a missing file, naming it", async () => {
    const dir = await Deno.makeTempDir();
    try {
      await assert.rejects(() => mnistFiles(dir), /train-images-idx3-ubyte: cannot read/);
    } finally {
      await Deno.remove(dir);
    }
  });
});

Deno.test("sampleImages()", async (t) => {
  const train = (await mnistFiles()).get("/data/train-images.idx")!;

  await t.step("the first training images, as an IDX file of their own", async () => {
    const samples = parseIdx(await sampleImages(train), "samples");
    assert.deepEqual(samples.dimensions, [SAMPLE_IMAGES, 28, 28]);
    const whole = await Deno.readFile(train.path);
    assert.deepEqual(samples.data, whole.subarray(16, 16 + SAMPLE_IMAGES * 784));
  });

  await t.step("refuses a file shorter than the images asked for, naming it", async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = `${dir}/short.idx`;
      await Deno.writeFile(path, new Uint8Array(16 + 784));
      await assert.rejects(
        () => sampleImages({ path, size: 16 + 784 }, 2),
        /short\.idx: cannot take 2 images: the file ends after 800 bytes/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
