// writeHistory, writeReport and readHistory meet a full disk, folders and devices (issue 26).
import assert from "node:assert/strict";
import { failWritesAfter } from "@simple-mnist/files/testing";
import { readHistory, writeHistory, writeReport } from "./report_files.ts";

const rows = Array.from({ length: 50 }, (_, i) => ({
  iteration: i + 1,
  trainLoss: 2 / (i + 1),
  trainAccuracy: i / 50,
  devLoss: 2.1 / (i + 1),
  devAccuracy: i / 51,
  learningRate: 0.1,
  seconds: i * 0.01,
}));

Deno.test("writeHistory() and writeReport() under a write that fails after N bytes", async (t) => {
  const dir = await Deno.makeTempDir();
  const outputs: [string, (path: string) => Promise<unknown>][] = [
    ["h.csv", (path) => writeHistory(path, rows)],
    [
      "r.html",
      (path) => writeReport(path, { title: "t", run: { facts: [["a", "b"]] }, history: rows }),
    ],
  ];
  for (const [name, write] of outputs) {
    await t.step(`${name}: one error naming it, nothing left, the old file kept`, async () => {
      const path = `${dir}/${name}`;
      await write(path);
      const size = (await Deno.stat(path)).size;
      for (const cut of [0, 1, size >> 1, size - 1]) {
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
          [name],
        );
      }
    });
  }
  await t.step("readHistory() names the file it cannot read, in the same words", async () => {
    await writeHistory(`${dir}/h.csv`, rows);
    assert.equal((await readHistory(`${dir}/h.csv`)).length, 50);
    await assert.rejects(readHistory(dir), {
      message: `Cannot read history from ${dir}: it is a folder`,
    });
    await assert.rejects(readHistory("/dev/zero"), {
      message: "Cannot read history from /dev/zero: it is a device, not a file",
    });
  });
  await Deno.remove(dir, { recursive: true });
});
