import assert from "node:assert/strict";
import { readFileBounded, readStreamBounded } from "./mod.ts";

Deno.test("readFileBounded()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("reads a file up to and at its limit, and an empty one", async () => {
    await Deno.writeFile(`${dir}/ten`, Uint8Array.from({ length: 10 }, (_, i) => i));
    assert.deepEqual(
      await readFileBounded(`${dir}/ten`, { limit: 10 }),
      Uint8Array.from({ length: 10 }, (_, i) => i),
    );
    assert.equal((await readFileBounded(`${dir}/ten`, { limit: 1e9 })).length, 10);
    await Deno.writeFile(`${dir}/empty`, new Uint8Array(0));
    assert.equal((await readFileBounded(`${dir}/empty`, { limit: 0 })).length, 0);
  });
  await t.step("refuses a larger file from its size, before reading it", async () => {
    // Sparse: 4 GiB on paper, nothing on disk. Reading it would take seconds and 4 GiB.
    const file = await Deno.open(`${dir}/huge`, { write: true, create: true });
    await file.truncate(4 * 2 ** 30);
    file.close();
    const start = performance.now();
    await assert.rejects(
      readFileBounded(`${dir}/huge`, { limit: 1.5 * 2 ** 30, what: "a model file" }),
      {
        message: `Cannot read ${dir}/huge: it is 4 GiB, more than the 1.5 GiB a model file can be`,
      },
    );
    assert.ok(performance.now() - start < 500);
  });
  await t.step("names its action", async () => {
    await assert.rejects(
      readFileBounded(`${dir}/ten`, { limit: 9, action: "load model from" }),
      {
        message:
          `Cannot load model from ${dir}/ten: it is 10 bytes, more than the 9 bytes this reads`,
      },
    );
  });
  await t.step("refuses folders, devices and missing files by name", async () => {
    await assert.rejects(readFileBounded(dir, { limit: 1 }), {
      message: `Cannot read ${dir}: it is a folder`,
    });
    await assert.rejects(readFileBounded("/dev/zero", { limit: 1e9 }), {
      message: "Cannot read /dev/zero: it is a device, not a file",
    });
    await assert.rejects(readFileBounded(`${dir}/none`, { limit: 1 }), {
      message: `Cannot read ${dir}/none: no such file or folder`,
    });
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readStreamBounded()", async (t) => {
  /** A stream of `chunks` chunks of `size` bytes that counts what was pulled. */
  const counted = (chunks: number, size: number) => {
    const state = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (state.pulled === chunks) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(size));
      },
      cancel() {
        state.cancelled = true;
      },
    }, { highWaterMark: 0 });
    return { stream, state };
  };
  await t.step("joins the chunks of a stream within its limit", async () => {
    const { stream } = counted(3, 4);
    assert.equal((await readStreamBounded(stream, { limit: 12, source: "s" })).length, 12);
    assert.equal(
      (await readStreamBounded(new Blob([]).stream(), { limit: 0, source: "s" })).length,
      0,
    );
  });
  await t.step("stops pulling and cancels the moment the limit is passed", async () => {
    const { stream, state } = counted(1_000_000, 1024);
    await assert.rejects(readStreamBounded(stream, { limit: 4096, source: "/dev/stdin" }), {
      message: "Cannot read /dev/stdin: it holds more than the 4 KiB this reads",
    });
    assert.equal(state.pulled, 5);
    assert.ok(state.cancelled);
  });
});
