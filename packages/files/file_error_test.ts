import assert from "node:assert/strict";
import { describeFileError, errorLine, FileError } from "./mod.ts";

function osError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

Deno.test("describeFileError()", async (t) => {
  await t.step("puts the usual OS errors in words", () => {
    const cases: [string, string, string][] = [
      ["ENOSPC", "No space left on device (os error 28): writefile '/x.tmp'", "the disk is full"],
      ["EACCES", "Permission denied (os error 13): open '/x'", "permission denied"],
      ["EROFS", "Read-only file system (os error 30): open '/x'", "read-only file system"],
      ["ENOENT", "No such file or directory (os error 2): stat '/x'", "no such file or folder"],
      ["EISDIR", "Is a directory (os error 21): readfile '/x'", "it is a folder"],
      ["ENOTDIR", "Not a directory (os error 20): open '/f/x'", "part of its path is not a folder"],
      ["EDQUOT", "Disk quota exceeded (os error 122)", "the disk quota is used up"],
      [
        "EIO",
        "Input/output error (os error 5)",
        "an input/output error (the disk or the device failed)",
      ],
    ];
    for (const [code, message, words] of cases) {
      assert.equal(describeFileError(osError(message, code)), words, code);
    }
  });
  await t.step("reads real errors from Deno", async () => {
    assert.equal(describeFileError(await Deno.readFile("/").catch((e) => e)), "it is a folder");
    assert.equal(
      describeFileError(await Deno.stat("/no/such/path").catch((e) => e)),
      "no such file or folder",
    );
    assert.equal(
      describeFileError(await Deno.open("/etc/passwd/x").catch((e) => e)),
      "part of its path is not a folder",
    );
  });
  await t.step("falls back to Deno's class, then to the OS's words without the path", () => {
    assert.equal(describeFileError(new Deno.errors.NotFound("gone")), "no such file or folder");
    assert.equal(
      describeFileError(osError("Weird failure (os error 99): open '/secret/x.tmp'", "EWEIRD")),
      "Weird failure (os error 99)",
    );
  });
  await t.step("names the flag a missing Deno permission needs", () => {
    const error = new Deno.errors.NotCapable(
      'Requires write access to "m.model", run again with the --allow-write flag',
    );
    assert.equal(
      describeFileError(error),
      "Deno has no permission for it; run again with --allow-write",
    );
  });
  await t.step("gives a FileError's reason, and anything else's message", () => {
    assert.equal(describeFileError(new FileError("x", { reason: "it is huge" })), "it is huge");
    assert.equal(describeFileError(new Error("first\nsecond")), "first");
    assert.equal(describeFileError("a string"), "a string");
  });
});

Deno.test("FileError", async (t) => {
  await t.step("names the file and the action, and keeps the cause and its code", () => {
    const cause = osError(
      "No space left on device (os error 28): writefile '/t/m.1a.tmp'",
      "ENOSPC",
    );
    const error = new FileError("/t/m.model", { action: "write", cause });
    assert.equal(error.message, "Cannot write /t/m.model: the disk is full");
    assert.equal(error.name, "FileError");
    assert.equal(error.path, "/t/m.model");
    assert.equal(error.action, "write");
    assert.equal(error.code, "ENOSPC");
    assert.equal(error.cause, cause);
    assert.ok(!error.message.includes(".tmp"));
  });
  await t.step("reads by default, and takes a reason instead of a cause", () => {
    const error = new FileError("/dev/zero", { reason: "it is a device, not a file" });
    assert.equal(error.message, "Cannot read /dev/zero: it is a device, not a file");
    assert.equal(error.code, undefined);
  });
  await t.step("rewraps another FileError with its reason and code", () => {
    const inner = new FileError("m/", { cause: osError("Is a directory (os error 21)", "EISDIR") });
    const outer = new FileError("m/", { action: "load model from", cause: inner });
    assert.equal(outer.message, "Cannot load model from m/: it is a folder");
    assert.equal(outer.code, "EISDIR");
  });
});

Deno.test("errorLine()", async (t) => {
  await t.step("names the file of a raw Deno error in the same words", async () => {
    assert.equal(
      errorLine(await Deno.readFile("/").catch((e) => e)),
      "Cannot read /: it is a folder",
    );
    assert.equal(
      errorLine(osError("Read-only file system (os error 30): mkdir '/ro/x'", "EROFS")),
      "Cannot create the folder /ro/x: read-only file system",
    );
    assert.equal(
      errorLine(osError("No space left on device (os error 28)", "ENOSPC")),
      "the disk is full",
    );
  });
  await t.step("keeps the first line of anything else", () => {
    assert.equal(
      errorLine(new TypeError("Cannot multiply: a is 2x3\nstack")),
      "Cannot multiply: a is 2x3",
    );
    assert.equal(errorLine(new FileError("a", { reason: "b" })), "Cannot read a: b");
    assert.equal(errorLine(42), "42");
  });
});
