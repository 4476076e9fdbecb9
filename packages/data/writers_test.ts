import assert from "node:assert/strict";
import { failWritesAfter } from "@simple-mnist/files/testing";
import {
  type Dataset,
  limitRows,
  loadMnist,
  readKaggleCsv,
  writeKaggleCsv,
  writeSubmissionCsv,
} from "./mod.ts";

Deno.test("writeKaggleCsv()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("round-trips the bundled MNIST through CSV (IDX → CSV → read = IDX)", async () => {
    const { train, test } = await loadMnist();
    const part = limitRows(train, 3000);
    await writeKaggleCsv(`${dir}/train.csv`, part);
    const back = await readKaggleCsv(`${dir}/train.csv`);
    assert.equal(back.count, 3000);
    assert.deepEqual(back.pixels, part.pixels);
    assert.deepEqual(back.labels, part.labels);

    const unlabelled: Dataset = { ...limitRows(test!, 500), labels: undefined };
    await writeKaggleCsv(`${dir}/test.csv`, unlabelled);
    const backTest = await readKaggleCsv(`${dir}/test.csv`);
    assert.equal(backTest.labels, undefined);
    assert.deepEqual(backTest.pixels, unlabelled.pixels);
  });
  await t.step("leaves no file when the directory does not exist", async () => {
    await assert.rejects(writeKaggleCsv(`${dir}/nope/x.csv`, {
      count: 1,
      features: 1,
      width: 1,
      height: 1,
      pixels: Uint8Array.of(1),
      source: "x",
    }));
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeSubmissionCsv()", async (t) => {
  await t.step("numbers images from 1", async () => {
    const path = await Deno.makeTempFile();
    await writeSubmissionCsv(path, [7, 2, 1]);
    assert.equal(await Deno.readTextFile(path), "ImageId,Label\n1,7\n2,2\n3,1\n");
    await Deno.remove(path);
  });
});

Deno.test("writers under a write that fails after N bytes", async (t) => {
  const dir = await Deno.makeTempDir();
  const { test } = await loadMnist();
  const set = limitRows(test!, 200); // about 140 KiB of CSV
  const writers: [string, (path: string) => Promise<void>][] = [
    ["writeKaggleCsv", (path) => writeKaggleCsv(path, set)],
    ["writeSubmissionCsv", (path) => writeSubmissionCsv(path, set.labels!)],
  ];
  for (const [name, write] of writers) {
    await t.step(
      `${name}: one error naming the file, the old file kept, nothing else left`,
      async () => {
        const path = `${dir}/${name}.csv`;
        await write(path);
        const whole = await Deno.readFile(path);
        for (const cut of [0, 1, 100, Math.floor(whole.length / 2), whole.length - 1]) {
          await Deno.writeTextFile(path, "old");
          {
            using _full = failWritesAfter(cut);
            await assert.rejects(write(path), {
              name: "FileError",
              message: `Cannot write ${path}: the disk is full`,
            });
          }
          assert.equal(await Deno.readTextFile(path), "old");
          assert.deepEqual(
            [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.startsWith(name)),
            [`${name}.csv`],
          );
        }
        {
          using _room = failWritesAfter(whole.length);
          await write(path);
        }
        assert.deepEqual(await Deno.readFile(path), whole);
      },
    );
  }
  await Deno.remove(dir, { recursive: true });
});
