import assert from "node:assert/strict";
import { openRegularFile, statRegularFile } from "./mod.ts";

/** A FIFO in a fresh folder, or undefined where `mkfifo` is missing. */
async function makeFifo(): Promise<{ dir: string; fifo: string } | undefined> {
  const dir = await Deno.makeTempDir();
  const fifo = `${dir}/pipe`;
  try {
    const { success } = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    if (success) return { dir, fifo };
  } catch {
    // no mkfifo here
  }
  await Deno.remove(dir, { recursive: true });
  return undefined;
}

Deno.test("statRegularFile()", async (t) => {
  await t.step("returns a regular file's information", async () => {
    const path = await Deno.makeTempFile();
    await Deno.writeTextFile(path, "abc");
    assert.equal((await statRegularFile(path)).size, 3);
    await Deno.remove(path);
  });
  await t.step("refuses a folder, a device and a missing file by name", async () => {
    await assert.rejects(statRegularFile("/tmp"), { message: "Cannot read /tmp: it is a folder" });
    await assert.rejects(statRegularFile("/dev/zero", { action: "load model from" }), {
      message: "Cannot load model from /dev/zero: it is a device, not a file",
    });
    await assert.rejects(statRegularFile("/no/such"), {
      name: "FileError",
      message: "Cannot read /no/such: no such file or folder",
    });
  });
  await t.step("refuses a FIFO at once, without blocking", async () => {
    const made = await makeFifo();
    if (made === undefined) return console.log("no mkfifo here: FIFO case skipped");
    await assert.rejects(statRegularFile(made.fifo), {
      message: `Cannot read ${made.fifo}: it is a named pipe (FIFO), not a file`,
    });
    await Deno.remove(made.dir, { recursive: true });
  });
});

Deno.test("openRegularFile()", async (t) => {
  await t.step("opens a regular file for reading", async () => {
    const path = await Deno.makeTempFile();
    await Deno.writeTextFile(path, "abc");
    const file = await openRegularFile(path);
    assert.equal(await new Response(file.readable).text(), "abc");
    await Deno.remove(path);
  });
  await t.step("refuses /dev/zero and a FIFO before opening them", async () => {
    await assert.rejects(openRegularFile("/dev/zero"), /it is a device, not a file/);
    const made = await makeFifo();
    if (made === undefined) return console.log("no mkfifo here: FIFO case skipped");
    // Opening a FIFO with no writer would block forever: the test would time out.
    await assert.rejects(openRegularFile(made.fifo), /it is a named pipe \(FIFO\), not a file/);
    await Deno.remove(made.dir, { recursive: true });
  });
  await t.step("follows a symbolic link to a file, and refuses one to a device", async () => {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/real`, "x");
    await Deno.symlink(`${dir}/real`, `${dir}/link`);
    await Deno.symlink("/dev/zero", `${dir}/zero`);
    (await openRegularFile(`${dir}/link`)).close();
    await assert.rejects(openRegularFile(`${dir}/zero`), {
      message: `Cannot read ${dir}/zero: it is a device, not a file`,
    });
    await Deno.remove(dir, { recursive: true });
  });
});
