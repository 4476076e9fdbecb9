import assert from "node:assert/strict";
import { failWritesAfter, mountTmpfs } from "./testing.ts";

Deno.test("failWritesAfter()", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("lets N bytes through across files, then throws ENOSPC", async () => {
    const a = await Deno.open(`${dir}/a`, { write: true, create: true });
    const b = await Deno.open(`${dir}/b`, { write: true, create: true });
    using fault = failWritesAfter(5);
    assert.equal(await a.write(Uint8Array.of(1, 2, 3)), 3);
    assert.equal(b.writeSync(Uint8Array.of(4, 5, 6)), 2);
    assert.equal(fault.written, 5);
    await assert.rejects(a.write(Uint8Array.of(7)), {
      code: "ENOSPC",
      message: "No space left on device (os error 28)",
    });
    assert.throws(() => b.writeSync(Uint8Array.of(7)), { code: "ENOSPC" });
    assert.equal(await a.write(new Uint8Array(0)), 0);
    a.close();
    b.close();
    assert.deepEqual(await Deno.readFile(`${dir}/a`), Uint8Array.of(1, 2, 3));
    assert.deepEqual(await Deno.readFile(`${dir}/b`), Uint8Array.of(4, 5));
  });
  await t.step("throws the error it is given, and restores on dispose", async () => {
    const c = await Deno.open(`${dir}/c`, { write: true, create: true });
    {
      using _fault = failWritesAfter(0, { error: () => new Error("Input/output error") });
      await assert.rejects(c.write(Uint8Array.of(1)), /Input\/output error/);
    }
    assert.equal(await c.write(Uint8Array.of(1)), 1);
    c.close();
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("mountTmpfs()", async (t) => {
  await t.step("mounts a file system of the given size, or says it cannot", async () => {
    const disk = await mountTmpfs("100k");
    if (disk === undefined) return console.log("cannot mount a tmpfs here (not root?): skipped");
    const { path } = disk;
    await assert.rejects(Deno.writeFile(`${path}/big`, new Uint8Array(1 << 20)), {
      code: "ENOSPC",
    });
    await disk[Symbol.asyncDispose]();
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  });
});
