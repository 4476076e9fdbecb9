import assert from "node:assert/strict";
import { UsageError } from "./usage_error.ts";
import { checkOutputPath } from "./output_path.ts";

Deno.test("checkOutputPath()", async (t) => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/existing.txt`;
  await Deno.writeTextFile(file, "keep");

  await t.step("accepts a new file in an existing folder and leaves nothing behind", () => {
    checkOutputPath(`${dir}/new.html`, "--report");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["existing.txt"]);
  });

  await t.step("accepts an existing file, untouched (the write replaces it later)", () => {
    checkOutputPath(file, "--save");
    assert.equal(Deno.readTextFileSync(file), "keep");
  });

  await t.step("a relative path is checked against the working folder", () => {
    checkOutputPath("report-check-probe.html", "--out");
    assert.throws(() => Deno.statSync("report-check-probe.html"), Deno.errors.NotFound);
  });

  await t.step("accepts a device or a FIFO, written straight through (/dev/null)", () => {
    checkOutputPath("/dev/null", "--save");
    assert.ok(Deno.statSync("/dev/null").isCharDevice);
  });

  await t.step("accepts a name near the 255-byte limit, and a link, leaving nothing", () => {
    checkOutputPath(`${dir}/${"m".repeat(250)}`, "--save");
    Deno.symlinkSync("existing.txt", `${dir}/link.txt`);
    checkOutputPath(`${dir}/link.txt`, "--save");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "existing.txt",
      "link.txt",
    ]);
    Deno.removeSync(`${dir}/link.txt`);
  });

  const cases: [string, string, RegExp][] = [
    [
      "a missing folder",
      "/no/such/dir/m",
      /^Cannot write --save \/no\/such\/dir\/m: there is no folder \/no\/such\/dir$/,
    ],
    ["a file used as a folder", `${file}/m`, /existing\.txt is not a folder$/],
    ["a folder given as the file", dir, /it is a folder; name a file$/],
    ["a place Deno will not write", "/proc/report.html", /Requires all access to "\/proc/],
  ];
  for (const [what, path, message] of cases) {
    await t.step(`rejects ${what} with a UsageError naming the flag and path`, () => {
      assert.throws(() => checkOutputPath(path, "--save"), (error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        assert.ok(error.message.includes(`--save ${path}`));
        assert.ok(!error.message.includes("\n"));
        return true;
      });
    });
  }
  const locked = `${dir}/locked`;
  Deno.mkdirSync(locked, { mode: 0o555 });
  let rootIgnoresModes = true;
  try {
    Deno.writeTextFileSync(`${locked}/x`, "");
  } catch {
    rootIgnoresModes = false;
  }
  await t.step({
    name: "rejects a folder without write permission (not as root, which ignores modes)",
    ignore: rootIgnoresModes,
    fn: () => {
      assert.throws(
        () => checkOutputPath(`${locked}/m`, "--save"),
        /^Cannot write --save .*locked\/m: the folder .*locked is not writable \(/,
      );
    },
  });
  await Deno.remove(dir, { recursive: true });
});
