import assert from "node:assert/strict";
import { canStartWorker } from "./can_start_worker.ts";

Deno.test("canStartWorker", async (t) => {
  await t.step("allows a local module the program may read", () => {
    assert.equal(canStartWorker(new URL("./_test_worker.ts", import.meta.url)), true);
  });

  await t.step("refuses a local module the program may not read, and says why once", async () => {
    // A child Deno with no read permission asks the same question.
    const script = `
      import { canStartWorker } from ${
      JSON.stringify(new URL("./can_start_worker.ts", import.meta.url).href)
    };
      const url = new URL(${JSON.stringify(new URL("./_test_worker.ts", import.meta.url).href)});
      console.log(canStartWorker(url), canStartWorker(url));
    `;
    const file = await Deno.makeTempFile({ suffix: ".ts" });
    await Deno.writeTextFile(file, script);
    const { stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", file],
    }).output().finally(() => Deno.remove(file));
    assert.equal(new TextDecoder().decode(stdout).trim(), "false false");
    const warnings = new TextDecoder().decode(stderr).trim().split("\n");
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0],
      /^warning: no worker thread, running on one thread: no permission to read .*_test_worker\.ts \(run with --allow-read\)$/,
    );
  });
});
