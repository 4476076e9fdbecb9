import assert from "node:assert/strict";
import { type FileContents, writeFileAtomic } from "./mod.ts";
import { failWritesAfter, mountTmpfs, succeeds } from "./testing.ts";

type Writer = (path: string, contents: FileContents) => Promise<void>;

const text = (s: string) => new TextEncoder().encode(s);
const names = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

/**
 * Runs `writer` under a write that fails after each of `cuts` bytes and
 * returns what went wrong: every run must reject naming `path` in words,
 * leave the old contents and nothing else in the folder.
 */
async function wholeOrNothingProblems(writer: Writer, contents: FileContents, cuts: number[]) {
  const problems: string[] = [];
  const dir = await Deno.makeTempDir();
  const path = `${dir}/out.csv`;
  for (const cut of cuts) {
    await Deno.writeTextFile(path, "old");
    let error: unknown;
    {
      using _full = failWritesAfter(cut);
      try {
        await writer(path, contents);
      } catch (e) {
        error = e;
      }
    }
    const message = error instanceof Error ? error.message : "";
    if (error === undefined) problems.push(`${cut}: the write did not fail`);
    else if (message !== `Cannot write ${path}: the disk is full`) {
      problems.push(`${cut}: the error was ${JSON.stringify(message)}`);
    }
    if (await Deno.readTextFile(path) !== "old") problems.push(`${cut}: the old file changed`);
    if (names(dir).join() !== "out.csv") problems.push(`${cut}: left ${names(dir).join(", ")}`);
  }
  await Deno.remove(dir, { recursive: true });
  return problems;
}

Deno.test("writeFileAtomic()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("writes bytes, text and streamed chunks", async () => {
    await writeFileAtomic(`${dir}/a`, Uint8Array.of(1, 2, 3));
    assert.deepEqual(await Deno.readFile(`${dir}/a`), Uint8Array.of(1, 2, 3));
    await writeFileAtomic(`${dir}/b`, "héllo", { sync: false });
    assert.equal(await Deno.readTextFile(`${dir}/b`), "héllo");
    await writeFileAtomic(`${dir}/c`, async (write) => {
      await write("x,");
      await write(text("y\n"));
      await write(new Uint8Array(0));
    });
    assert.equal(await Deno.readTextFile(`${dir}/c`), "x,y\n");
    await writeFileAtomic(`${dir}/empty`, "");
    assert.equal((await Deno.stat(`${dir}/empty`)).size, 0);
    assert.deepEqual(names(dir), ["a", "b", "c", "empty"]);
  });
  await t.step("replaces an existing file only on success", async () => {
    await Deno.writeTextFile(`${dir}/keep`, "old");
    await assert.rejects(
      writeFileAtomic(`${dir}/keep`, async (write) => {
        await write("new, half");
        throw new RangeError("the net went NaN");
      }),
      { name: "RangeError", message: "the net went NaN" },
    );
    assert.equal(await Deno.readTextFile(`${dir}/keep`), "old");
    await writeFileAtomic(`${dir}/keep`, "new");
    assert.equal(await Deno.readTextFile(`${dir}/keep`), "new");
  });
  await t.step("names the user's file when the folder is missing or the path is one", async () => {
    await assert.rejects(writeFileAtomic(`${dir}/none/x`, "x"), {
      name: "FileError",
      message: `Cannot write ${dir}/none/x: no such file or folder`,
    });
    await Deno.mkdir(`${dir}/folder`);
    await assert.rejects(writeFileAtomic(`${dir}/folder`, "x"), {
      message: `Cannot write ${dir}/folder: it is a folder`,
    });
    assert.deepEqual(names(dir), ["a", "b", "c", "empty", "folder", "keep"]);
  });
  await Deno.remove(dir, { recursive: true });

  const big = "0123456789abcdef".repeat(4096); // 64 KiB
  const cuts = [0, 1, 4095, 32768, big.length - 1];
  await t.step("leaves nothing but the old file when writes fail after N bytes", async () => {
    assert.deepEqual(await wholeOrNothingProblems(writeFileAtomic, big, cuts), []);
    assert.deepEqual(await wholeOrNothingProblems(writeFileAtomic, text(big), cuts), []);
    const streamed: FileContents = async (write) => {
      for (let i = 0; i < big.length; i += 1000) await write(big.slice(i, i + 1000));
    };
    assert.deepEqual(await wholeOrNothingProblems(writeFileAtomic, streamed, cuts), []);
  });
  await t.step("fails even when the contents swallow the write's error", async () => {
    const careless: FileContents = async (write) => {
      for (let i = 0; i < big.length; i += 1000) {
        await write(big.slice(i, i + 1000)).catch(() => {});
      }
    };
    assert.deepEqual(await wholeOrNothingProblems(writeFileAtomic, careless, cuts), []);
  });
  await t.step("the check catches writers that are not whole-or-nothing", async () => {
    // In place, as Deno.writeFile does: a failure leaves a partial file.
    const inPlace: Writer = async (path, contents) => {
      const file = await Deno.open(path, { write: true, truncate: true });
      try {
        await file.write(typeof contents === "string" ? text(contents) : contents as Uint8Array);
      } finally {
        file.close();
      }
    };
    // Through `file.writable`, as the writers before this package did: a full disk passes silently.
    const throughStream: Writer = async (path, contents) => {
      const file = await Deno.open(`${path}.tmp`, { write: true, createNew: true });
      const writer = file.writable.getWriter();
      await writer.write(typeof contents === "string" ? text(contents) : contents as Uint8Array);
      await writer.close();
      await Deno.rename(`${path}.tmp`, path);
    };
    // Leaves its temporary file, and names it.
    const untidy: Writer = async (path, contents) => {
      const file = await Deno.open(`${path}.tmp`, { write: true, createNew: true });
      try {
        await file.write(typeof contents === "string" ? text(contents) : contents as Uint8Array);
      } catch (error) {
        throw new Error(`Cannot write ${path}.tmp: ${(error as Error).message}`);
      } finally {
        file.close();
      }
      await Deno.rename(`${path}.tmp`, path);
    };
    for (const writer of [inPlace, throughStream, untidy]) {
      assert.notDeepEqual(await wholeOrNothingProblems(writer, big, [1, 4095]), [], writer.name);
    }
  });
  await t.step("meets a real full disk with the same words (a 64 KiB tmpfs)", async () => {
    await using disk = await mountTmpfs("64k");
    if (disk === undefined) return console.log("cannot mount a tmpfs here (not root?): skipped");
    await writeFileAtomic(`${disk.path}/small`, "fits");
    await assert.rejects(writeFileAtomic(`${disk.path}/small`, new Uint8Array(1 << 20)), {
      message: `Cannot write ${disk.path}/small: the disk is full`,
    });
    assert.equal(await Deno.readTextFile(`${disk.path}/small`), "fits");
    assert.deepEqual(names(disk.path), ["small"]);
  });
  await t.step("says read-only file system on one (a read-only tmpfs)", async () => {
    await using disk = await mountTmpfs("64k", { readOnly: true });
    if (disk === undefined) return console.log("cannot mount a tmpfs here (not root?): skipped");
    await assert.rejects(writeFileAtomic(`${disk.path}/m.model`, "x"), {
      message: `Cannot write ${disk.path}/m.model: read-only file system`,
    });
  });
});

Deno.test("writeFileAtomic() on links, devices, pipes and long names", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("replaces a symbolic link's target and keeps the link", async () => {
    await Deno.mkdir(`${dir}/runs`);
    await Deno.writeTextFile(`${dir}/runs/42.model`, "old");
    await Deno.symlink("runs/42.model", `${dir}/latest.model`);
    await writeFileAtomic(`${dir}/latest.model`, "new");
    assert.ok(Deno.lstatSync(`${dir}/latest.model`).isSymlink);
    assert.equal(await Deno.readTextFile(`${dir}/runs/42.model`), "new");
    assert.deepEqual(names(`${dir}/runs`), ["42.model"]);
    await Deno.symlink("runs/43.model", `${dir}/next.model`); // to a file not made yet
    await writeFileAtomic(`${dir}/next.model`, "43");
    assert.ok(Deno.lstatSync(`${dir}/next.model`).isSymlink);
    assert.equal(await Deno.readTextFile(`${dir}/runs/43.model`), "43");
  });
  await t.step("a failed write through a link names the link, and leaves the target", async () => {
    using _full = failWritesAfter(1);
    await assert.rejects(writeFileAtomic(`${dir}/latest.model`, "newer"), {
      message: `Cannot write ${dir}/latest.model: the disk is full`,
    });
    assert.equal(await Deno.readTextFile(`${dir}/runs/42.model`), "new");
    assert.deepEqual(names(`${dir}/runs`), ["42.model", "43.model"]);
  });
  await t.step({
    name: "keeps an existing file's permissions",
    ignore: Deno.build.os === "windows",
    fn: async () => {
      await Deno.writeTextFile(`${dir}/private.model`, "old", { mode: 0o600 });
      await Deno.chmod(`${dir}/private.model`, 0o600);
      await writeFileAtomic(`${dir}/private.model`, "new");
      assert.equal(Deno.statSync(`${dir}/private.model`).mode! & 0o777, 0o600);
    },
  });
  await t.step("writes a name too long to take the temporary suffix", async () => {
    const long = `${dir}/${"m".repeat(250)}`;
    await writeFileAtomic(long, "fits");
    assert.equal(await Deno.readTextFile(long), "fits");
    {
      using _full = failWritesAfter(1);
      await assert.rejects(writeFileAtomic(long, "again"), {
        message: `Cannot write ${long}: the disk is full`,
      });
    }
    assert.equal(names(dir).filter((n) => n.endsWith(".tmp")).length, 0);
  });
  await t.step("writes through a FIFO, which stays a FIFO", async () => {
    const pipe = `${dir}/pipe`;
    if (!await succeeds("mkfifo", [pipe])) return console.log("no mkfifo here: skipped");
    // The reader is another process, so that a writer that replaced the FIFO cannot hang the test.
    const reader = new Deno.Command("cat", { args: [pipe], stdout: "piped" }).spawn();
    await writeFileAtomic(pipe, async (write) => {
      await write("ImageId,Label\n");
      await write("1,7\n");
    });
    const stillFifo = Deno.statSync(pipe).isFifo;
    if (!stillFifo) reader.kill();
    const read = new TextDecoder().decode((await reader.output()).stdout);
    assert.ok(stillFifo, "the FIFO was replaced by a file");
    assert.equal(read, "ImageId,Label\n1,7\n");
  });
  await t.step("writes through a character device, which stays a device", async () => {
    // Made here (as /dev/null and /dev/full are made), so that no real device is at risk.
    if (!await succeeds("mknod", [`${dir}/null`, "c", "1", "3"])) {
      return console.log("cannot mknod here (not root?): skipped");
    }
    await writeFileAtomic(`${dir}/null`, "discarded");
    assert.ok(Deno.statSync(`${dir}/null`).isCharDevice);
    await succeeds("mknod", [`${dir}/full`, "c", "1", "7"]);
    await assert.rejects(writeFileAtomic(`${dir}/full`, "x"), {
      message: `Cannot write ${dir}/full: the disk is full`,
    });
    assert.ok(Deno.statSync(`${dir}/full`).isCharDevice);
    assert.equal(names(dir).filter((n) => n.endsWith(".tmp")).length, 0);
  });
  await t.step("refuses a block device before writing anything", async () => {
    // A made node with no device behind it: opening it would fail anyway.
    if (!await succeeds("mknod", [`${dir}/disk`, "b", "0", "0"])) {
      return console.log("cannot mknod here (not root?): skipped");
    }
    await assert.rejects(writeFileAtomic(`${dir}/disk`, "x"), {
      message: `Cannot write ${dir}/disk: it is a block device (a disk), not a file`,
    });
    assert.ok(Deno.statSync(`${dir}/disk`).isBlockDevice);
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeFileAtomic() under SIGINT and SIGTERM", async (t) => {
  const module = new URL("./mod.ts", import.meta.url).href;
  const dir = await Deno.makeTempDir();
  // Writes one chunk, says so, then waits to be stopped.
  const script = `${dir}/slow_write.ts`;
  await Deno.writeTextFile(
    script,
    `import { writeFileAtomic } from ${JSON.stringify(module)};
await writeFileAtomic(Deno.args[0], async (write) => {
  await write("half of it");
  console.log("writing");
  await new Promise((resolve) => setTimeout(resolve, 30_000));
  await write(" and the rest");
});`,
  );
  for (const [signal, status] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    await t.step(`${signal}: removes the temporary file and exits ${status}`, async () => {
      const target = `${dir}/out-${signal}.csv`;
      await Deno.writeTextFile(target, "old");
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", script, target],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      assert.match((await lines.read()).value ?? "", /writing/);
      assert.equal(names(dir).filter((n) => n.endsWith(".tmp")).length, 1);
      child.kill(signal);
      const result = await child.status;
      await lines.cancel();
      await child.stderr.cancel();
      assert.equal(result.code, status);
      assert.equal(await Deno.readTextFile(target), "old");
      assert.deepEqual(names(dir).filter((n) => n.endsWith(".tmp")), []);
    });
  }
  await Deno.remove(dir, { recursive: true });
});
