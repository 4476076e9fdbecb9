import assert from "node:assert/strict";
import { IDX_FILES, idxDataset, parseIdx, readIdxDirectory, readIdxPair } from "./mod.ts";
import { gzip, idxImages, idxLabels } from "./_test_fixtures.ts";

Deno.test("idxDataset()", async (t) => {
  const images = parseIdx(idxImages(2, 3, 3), "i");
  const labels = parseIdx(idxLabels([1, 9]), "l");
  await t.step("joins images and labels", () => {
    const set = idxDataset(images, labels, { images: "i", labels: "l" });
    assert.deepEqual([set.count, set.features, set.width, set.height], [2, 9, 3, 3]);
    assert.deepEqual([...set.labels!], [1, 9]);
  });
  await t.step("refuses a count mismatch", () => {
    assert.throws(
      () => idxDataset(images, parseIdx(idxLabels([1]), "l"), { images: "i", labels: "l" }),
      {
        message: "l: 1 labels for 2 images in i",
      },
    );
  });
  await t.step("refuses files swapped", () => {
    assert.throws(
      () => idxDataset(labels, images, { images: "l", labels: "i" }),
      /l: expected an IDX image file/,
    );
  });
  await t.step("refuses labels above 9", () => {
    assert.throws(
      () => idxDataset(images, parseIdx(idxLabels([1, 12]), "l"), { images: "i", labels: "l" }),
      {
        message: "l: label 1 is 12, out of range 0-9",
      },
    );
  });
});

Deno.test("readIdxDirectory()", async (t) => {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/${IDX_FILES.trainImages}.gz`, await gzip(idxImages(5, 28, 28)));
  await Deno.writeFile(`${dir}/${IDX_FILES.trainLabels}`, idxLabels([0, 1, 2, 3, 4]));
  await t.step("names the first missing file", async () => {
    await assert.rejects(readIdxDirectory(dir), {
      message:
        `${dir}: the directory has no ${IDX_FILES.testImages} (nor ${IDX_FILES.testImages}.gz)`,
    });
  });
  await Deno.writeFile(`${dir}/${IDX_FILES.testImages}`, idxImages(2, 28, 28));
  await Deno.writeFile(`${dir}/${IDX_FILES.testLabels}.gz`, await gzip(idxLabels([5, 6])));
  await t.step("reads the four files, plain or gzip, with the test split", async () => {
    const { train, test } = await readIdxDirectory(dir);
    assert.equal(train.count, 5);
    assert.equal(test?.count, 2);
    assert.deepEqual([...test!.labels!], [5, 6]);
  });
  await t.step("reads one pair", async () => {
    const set = await readIdxPair(`${dir}/${IDX_FILES.testImages}`);
    assert.equal(set.labels, undefined);
  });
  await Deno.remove(dir, { recursive: true });
});
