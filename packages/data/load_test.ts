import assert from "node:assert/strict";
import { IDX_FILES, loadData } from "./mod.ts";
import { csvHeader, gzip, idxImages, idxLabels, makeFifo } from "./_test_fixtures.ts";

Deno.test("loadData()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("loads the bundled MNIST by default", async () => {
    const { train, test } = await loadData(undefined);
    assert.deepEqual([train.count, test?.count], [60_000, 10_000]);
  });
  await t.step("recognises a Kaggle CSV, with a limit", async () => {
    await Deno.writeTextFile(`${dir}/train.csv`, `${csvHeader(1)}\n1,2\n3,4\n5,6\n`);
    const { train } = await loadData(`${dir}/train.csv`, { limit: 2 });
    assert.deepEqual([...train.labels!], [1, 3]);
  });
  await t.step("recognises an IDX image file and finds its labels", async () => {
    await Deno.writeFile(`${dir}/${IDX_FILES.trainImages}.gz`, await gzip(idxImages(2, 28, 28)));
    await Deno.writeFile(`${dir}/${IDX_FILES.trainLabels}`, idxLabels([3, 4]));
    const { train } = await loadData(`${dir}/${IDX_FILES.trainImages}.gz`);
    assert.deepEqual([...train.labels!], [3, 4]);
  });
  await t.step("recognises an IDX directory", async () => {
    await Deno.writeFile(`${dir}/${IDX_FILES.testImages}`, idxImages(1, 28, 28));
    await Deno.writeFile(`${dir}/${IDX_FILES.testLabels}`, idxLabels([9]));
    const { train, test } = await loadData(dir);
    assert.deepEqual([train.count, test?.count], [2, 1]);
  });
  await t.step("names a missing path", async () => {
    await assert.rejects(loadData(`${dir}/missing.csv`), {
      name: "FileError",
      message: `Cannot read ${dir}/missing.csv: no such file or folder`,
    });
  });
  await t.step("refuses /dev/zero and a FIFO at once, by name", async () => {
    const start = performance.now();
    await assert.rejects(loadData("/dev/zero"), {
      name: "FileError",
      message: "Cannot read /dev/zero: it is a device, not a file",
    });
    const made = await makeFifo("train.csv");
    if (made === undefined) return console.log("no mkfifo here: FIFO case skipped");
    await assert.rejects(loadData(made.fifo), {
      message: `Cannot read ${made.fifo}: it is a named pipe (FIFO), not a file`,
    });
    assert.ok(performance.now() - start < 1000);
    await Deno.remove(made.dir, { recursive: true });
  });
  await t.step("refuses a FIFO standing in for one of a folder's IDX files", async () => {
    const made = await makeFifo(IDX_FILES.trainImages);
    if (made === undefined) return console.log("no mkfifo here: FIFO case skipped");
    await assert.rejects(loadData(made.dir), {
      message: `Cannot read ${made.fifo}: it is a named pipe (FIFO), not a file`,
    });
    await Deno.remove(made.dir, { recursive: true });
  });
  await Deno.remove(dir, { recursive: true });
});
