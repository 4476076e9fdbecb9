import assert from "node:assert/strict";
import { outputTarget } from "./mod.ts";
import { succeeds } from "./testing.ts";

Deno.test("outputTarget()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("a new file and an existing one are replaced where they are", async () => {
    assert.deepEqual(outputTarget(`${dir}/new.model`), { path: `${dir}/new.model`, stream: false });
    await Deno.writeTextFile(`${dir}/old.model`, "old");
    assert.deepEqual(outputTarget(`${dir}/old.model`), { path: `${dir}/old.model`, stream: false });
  });
  await t.step("a symbolic link leads to its final target, relative or absolute", async () => {
    await Deno.mkdir(`${dir}/runs`);
    await Deno.writeTextFile(`${dir}/runs/42.model`, "42");
    await Deno.symlink("runs/42.model", `${dir}/latest.model`);
    await Deno.symlink(`${dir}/latest.model`, `${dir}/current.model`);
    assert.deepEqual(outputTarget(`${dir}/current.model`), {
      path: `${dir}/runs/42.model`,
      stream: false,
    });
  });
  await t.step("a link to a file not made yet leads to where it will be", async () => {
    await Deno.symlink("runs/43.model", `${dir}/next.model`);
    assert.deepEqual(outputTarget(`${dir}/next.model`), {
      path: `${dir}/runs/43.model`,
      stream: false,
    });
  });
  await t.step("links in a loop are refused by name", async () => {
    await Deno.symlink("b", `${dir}/a`);
    await Deno.symlink("a", `${dir}/b`);
    assert.throws(() => outputTarget(`${dir}/a`), {
      name: "FileError",
      message: `Cannot write ${dir}/a: too many levels of symbolic links`,
    });
  });
  await t.step("a folder is refused by name", () => {
    assert.throws(() => outputTarget(`${dir}/runs`), {
      message: `Cannot write ${dir}/runs: it is a folder`,
    });
  });
  await t.step("a path that cannot be made is left for the write to refuse", () => {
    assert.deepEqual(outputTarget(`${dir}/old.model/x`), {
      path: `${dir}/old.model/x`,
      stream: false,
    });
    assert.deepEqual(outputTarget(`${dir}/none/x`), { path: `${dir}/none/x`, stream: false });
  });
  await t.step("a character device is a stream to write through", () => {
    assert.deepEqual(outputTarget("/dev/null"), { path: "/dev/null", stream: true });
  });
  await t.step("a FIFO is a stream to write through", async () => {
    if (!await succeeds("mkfifo", [`${dir}/pipe`])) return console.log("no mkfifo: skipped");
    assert.deepEqual(outputTarget(`${dir}/pipe`), { path: `${dir}/pipe`, stream: true });
  });
  await t.step("a block device is refused (a made one that opens nothing)", async () => {
    if (!await succeeds("mknod", [`${dir}/disk`, "b", "0", "0"])) {
      return console.log("cannot mknod here (not root?): skipped");
    }
    assert.throws(() => outputTarget(`${dir}/disk`), {
      message: `Cannot write ${dir}/disk: it is a block device (a disk), not a file`,
    });
  });
  await Deno.remove(dir, { recursive: true });
});
