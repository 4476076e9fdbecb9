// Issue 26's faults, through the real commands: a full disk, inputs that never end or
// inflate, a model path that is not a model, and SIGTERM/SIGINT at random points of a
// run that saves. Each must end in one `error:` line naming the user's path (or the
// signal's exit status) and leave nothing behind but complete files.
import assert from "node:assert/strict";
import { limitRows, loadMnist, writeKaggleCsv } from "@simple-mnist/data";
import { mountTmpfs } from "@simple-mnist/files/testing";
import { loadModelFile } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { parseHistoryCsv } from "@simple-mnist/report";

const MAIN = new URL("./main.ts", import.meta.url).pathname;
const SERVE = new URL("../web/main.ts", import.meta.url).pathname;
const SMALL = ["--limit", "2000", "--iterations", "3", "--quiet"];
/** Generous against a loaded machine; issue 26 asks for under a second, measured in the README. */
const PROMPT_SECONDS = 10;

interface Run {
  code: number;
  stderr: string;
  seconds: number;
}

async function run(script: string, permissions: string[], args: string[]): Promise<Run> {
  const start = performance.now();
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, script, ...args],
    stdin: "null",
    stdout: "null",
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code,
    stderr: new TextDecoder().decode(stderr),
    seconds: (performance.now() - start) / 1000,
  };
}

const cli = (...args: string[]) => run(MAIN, ["--allow-read", "--allow-write"], args);

/** One `error:` line, matching `message` exactly, exit 1, promptly. */
function assertOneError(result: Run, message: string) {
  assert.equal(result.stderr, `error: ${message}\n`);
  assert.equal(result.code, 1);
  assert.ok(result.seconds < PROMPT_SECONDS, `took ${result.seconds.toFixed(1)} s`);
}

const names = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

const work = await Deno.makeTempDir();
const model = `${work}/small.model`;
const testCsv = `${work}/test.csv`;
const saved = await cli("train", ...SMALL, "--save", model);
assert.equal(saved.code, 0, saved.stderr);
await writeKaggleCsv(testCsv, { ...limitRows((await loadMnist()).test!, 2000), labels: undefined });

const probe = await mountTmpfs("4k");
await probe?.[Symbol.asyncDispose]();
if (probe === undefined) {
  console.log("cannot mount a tmpfs here (not root?): disk-full runs skipped");
}

Deno.test({
  name: "faults: a full disk (a 200 KiB tmpfs)",
  ignore: probe === undefined,
  fn: async (t) => {
    /** A fresh 200 KiB tmpfs holding `fill` bytes already. */
    const disk = async (fill: number) => {
      const mounted = (await mountTmpfs("200k"))!;
      if (fill > 0) await Deno.writeFile(`${mounted.path}/fill`, new Uint8Array(fill));
      return mounted;
    };
    await t.step("train: the model fits, the history does not", async () => {
      // 200 KiB less the model's nine pages.
      await using d = await disk(200 * 1024 - 9 * 4096);
      const result = await cli(
        "train",
        ...SMALL,
        "--save",
        `${d.path}/m.model`,
        "--history",
        `${d.path}/h.csv`,
        "--report",
        `${d.path}/r.html`,
      );
      assertOneError(result, `Cannot write ${d.path}/h.csv: the disk is full`);
      // What is left is the complete model, written before the history.
      assert.deepEqual(names(d.path), ["fill", "m.model"]);
      assert.equal((await loadModelFile(`${d.path}/m.model`)).layers.length, 3);
    });
    for (
      const [name, args] of [
        ["train --save", ["train", ...SMALL, "--save", "OUT/m.model"]],
        ["train --history", ["train", ...SMALL, "--history", "OUT/h.csv"]],
        ["train --report", ["train", ...SMALL, "--report", "OUT/r.html"]],
        ["predict --out", ["predict", "--model", model, "--data", testCsv, "--out", "OUT/s.csv"]],
        ["report --out", ["report", "--model", model, "--out", "OUT/r.html"]],
        ["export --out (ONNX)", ["export", "--model", model, "--out", "OUT/m.onnx"]],
      ] as const
    ) {
      await t.step(`${name}: one error naming the file, nothing left`, async () => {
        await using d = await disk(200 * 1024);
        const out = args[args.length - 1].replace("OUT", d.path);
        const result = await cli(...args.slice(0, -1), out);
        assertOneError(result, `Cannot write ${out}: the disk is full`);
        assert.deepEqual(names(d.path), ["fill"]);
      });
    }
    await t.step("export-data: train.csv does not fit", async () => {
      await using d = await disk(0);
      const result = await cli("export-data", "--out-dir", d.path);
      assertOneError(result, `Cannot write ${d.path}/train.csv: the disk is full`);
      assert.deepEqual(names(d.path), []);
    });
    await t.step("a read-only disk says so", async () => {
      await using d = (await mountTmpfs("200k", { readOnly: true }))!;
      const result = await cli("train", ...SMALL, "--save", `${d.path}/m.model`);
      assert.equal(result.code, 2); // found by the output check, before training
      assert.equal(
        result.stderr,
        `error: Cannot write --save ${d.path}/m.model: the folder ${d.path} is not writable (read-only file system)\n`,
      );
    });
  },
});

Deno.test("faults: inputs that never end or inflate", async (t) => {
  await t.step("--data /dev/zero is refused at once, by name", async () => {
    assertOneError(
      await cli("train", ...SMALL, "--data", "/dev/zero"),
      "Cannot read /dev/zero: it is a device, not a file",
    );
  });
  await t.step("--data FIFO is refused at once, without blocking", async () => {
    const fifo = `${work}/pipe.csv`;
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output().catch(() => null);
    if (!made?.success) return console.log("no mkfifo here: FIFO case skipped");
    assertOneError(
      await cli("train", ...SMALL, "--data", fifo),
      `Cannot read ${fifo}: it is a named pipe (FIFO), not a file`,
    );
    await Deno.remove(fifo);
  });
  const header = Uint8Array.of(0, 0, 8, 3, 0, 0, 3, 0xe8, 0, 0, 0, 28, 0, 0, 0, 28); // 1000x28x28
  const oversized = (path: string) =>
    `${path}: oversized IDX file: header says 1000x28x28 (784016 bytes) but the file goes on past them`;
  await t.step("a gzip IDX that inflates past its header (1 GiB of zeros)", async () => {
    const path = `${work}/gz/train-images-idx3-ubyte.gz`;
    await Deno.mkdir(`${work}/gz`);
    const zeros = new Uint8Array(1 << 20);
    let left = 1024;
    const body = new ReadableStream<Uint8Array<ArrayBuffer>>({
      start: (controller) => controller.enqueue(header.slice()),
      pull: (controller) => left-- > 0 ? controller.enqueue(zeros.slice()) : controller.close(),
    }, { highWaterMark: 0 });
    await Deno.writeFile(path, body.pipeThrough(new CompressionStream("gzip")));
    assertOneError(await cli("train", ...SMALL, "--data", path), oversized(path));
  });
  await t.step("a plain IDX of 2 GiB whose header declares 766 KiB", async () => {
    const path = `${work}/plain/train-images-idx3-ubyte`;
    await Deno.mkdir(`${work}/plain`);
    const file = await Deno.open(path, { write: true, createNew: true });
    await file.write(header);
    await file.truncate(2 ** 31 + 16); // sparse
    file.close();
    assertOneError(await cli("train", ...SMALL, "--data", path), oversized(path));
  });
});

Deno.test("faults: one model-loading message in every command", async (t) => {
  const folder = `${work}/folder.model`;
  await Deno.mkdir(folder);
  const out = `${work}/never`;
  const commands: [string, Promise<Run>][] = [
    ["evaluate", cli("evaluate", "--model", folder)],
    ["predict", cli("predict", "--model", folder, "--data", testCsv, "--out", `${out}.csv`)],
    ["report", cli("report", "--model", folder, "--out", `${out}.html`)],
    ["show", cli("show", "--index", "0", "--model", folder)],
    ["export", cli("export", "--model", folder, "--out", `${out}.onnx`)],
    ["train --resume", cli("train", ...SMALL, "--resume", folder)],
    [
      "serve",
      run(SERVE, ["--unstable-bundle", "--allow-read", "--allow-net"], [
        "--port",
        "0",
        "--model",
        folder,
      ]),
    ],
  ];
  for (const [name, result] of commands) {
    await t.step(name, async () => {
      assertOneError(await result, `Cannot load model from ${folder}: it is a folder`);
    });
  }
  await t.step("and a missing file", async () => {
    assertOneError(
      await cli("evaluate", "--model", `${work}/none.model`),
      `Cannot load model from ${work}/none.model: no such file or folder`,
    );
  });
  assert.deepEqual(names(work).filter((n) => n.startsWith("never")), []);
});

Deno.test("faults: outputs that are links, devices or pipes", async (t) => {
  await t.step("--save through a symbolic link replaces its target; the link stays", async () => {
    const dir = await Deno.makeTempDir({ dir: work });
    await Deno.mkdir(`${dir}/runs`);
    await Deno.symlink("runs/1.model", `${dir}/latest.model`);
    const result = await cli("train", ...SMALL, "--save", `${dir}/latest.model`);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Deno.lstatSync(`${dir}/latest.model`).isSymlink);
    assert.equal((await loadModelFile(`${dir}/runs/1.model`)).layers.length, 3);
    assert.deepEqual(names(`${dir}/runs`), ["1.model"]);
  });
  await t.step("--save /dev/null discards the model; /dev/null stays a device", async () => {
    // The child has --allow-write but not --allow-all, so Deno itself would refuse a
    // temporary file in /dev: a writer that tried to replace /dev/null fails here, harmlessly.
    const result = await cli("train", ...SMALL, "--save", "/dev/null");
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Deno.statSync("/dev/null").isCharDevice);
  });
  await t.step("--history into a FIFO is written through to its reader", async () => {
    const fifo = `${work}/history.fifo`;
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output().catch(() => null);
    if (!made?.success) return console.log("no mkfifo here: FIFO case skipped");
    const reader = new Deno.Command("cat", { args: [fifo], stdout: "piped" }).spawn();
    const result = await cli("train", ...SMALL, "--history", fifo);
    const stillFifo = Deno.statSync(fifo).isFifo;
    if (!stillFifo) reader.kill();
    const read = new TextDecoder().decode((await reader.output()).stdout);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(stillFifo, "the FIFO was replaced by a file");
    assert.equal(parseHistoryCsv(read, "h.csv").length, 3);
    await Deno.remove(fifo);
  });
});

Deno.test("faults: SIGTERM and SIGINT at random points of a run that saves", async (t) => {
  const args = (dir: string) => [
    "train",
    ...SMALL,
    "--save",
    `${dir}/m.model`,
    "--history",
    `${dir}/h.csv`,
    "--report",
    `${dir}/r.html`,
  ];
  // How long an uninterrupted run takes; the signals land anywhere in it.
  const whole = await cli(...args(await Deno.makeTempDir({ dir: work })));
  assert.equal(whole.code, 0, whole.stderr);
  const prng = seededPrng(26);
  for (let i = 0; i < 8; i++) {
    const signal = i % 2 === 0 ? "SIGTERM" : "SIGINT";
    const delay = prng() * whole.seconds * 1000;
    await t.step(`${signal} after ${delay.toFixed(0)} ms`, async () => {
      const dir = await Deno.makeTempDir({ dir: work });
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", MAIN, ...args(dir)],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        child.kill(signal);
      } catch {
        // it had finished already
      }
      const { code } = await child.status;
      assert.ok([0, 130, 143].includes(code), `exit ${code}`);
      const left = names(dir);
      assert.deepEqual(left.filter((n) => !["m.model", "h.csv", "r.html"].includes(n)), []);
      if (left.includes("m.model")) await loadModelFile(`${dir}/m.model`);
      if (left.includes("h.csv")) {
        assert.equal(parseHistoryCsv(await Deno.readTextFile(`${dir}/h.csv`), "h.csv").length, 3);
      }
      if (left.includes("r.html")) {
        assert.match(await Deno.readTextFile(`${dir}/r.html`), /<\/html>\s*$/);
      }
      if (code === 0) assert.deepEqual(left, ["h.csv", "m.model", "r.html"]);
    });
  }
});

addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
