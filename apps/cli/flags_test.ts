import assert from "node:assert/strict";
import { UsageError } from "./errors.ts";
import { type Flag, helpText, parseFlags } from "./flags.ts";

const FLAGS: Flag[] = [
  { name: "hidden", type: "count", value: "N", description: "hidden units", default: 10 },
  { name: "seed", type: "count", value: "N", description: "seed", default: 0, allowZero: true },
  { name: "lr", type: "number", value: "X", description: "learning rate", default: 0.1 },
  {
    name: "init",
    type: "string",
    value: "NAME",
    description: "init",
    default: "uniform",
    choices: ["uniform", "he"],
  },
  { name: "data", type: "string", value: "PATH", description: "data", shown: "the bundled MNIST" },
  { name: "json", type: "boolean", description: "JSON" },
];

Deno.test("parseFlags()", async (t) => {
  await t.step("fills in defaults", () => {
    const v = parseFlags([], FLAGS);
    assert.deepEqual(
      [v.hidden, v.seed, v.lr, v.init, v.data, v.json, v.help],
      [10, 0, 0.1, "uniform", undefined, undefined, false],
    );
  });
  await t.step("converts given values, both spellings", () => {
    const v = parseFlags(
      ["--hidden", "32", "--lr=0.5", "--init", "he", "--json", "--seed", "0"],
      FLAGS,
    );
    assert.deepEqual([v.hidden, v.lr, v.init, v.json, v.seed], [32, 0.5, "he", true, 0]);
  });
  await t.step("refuses bad values with the flag's name", () => {
    const cases: [string[], string][] = [
      [["--hidden", "0"], '--hidden must be a positive integer, got "0"'],
      [["--hidden", "1e3"], '--hidden must be a positive integer, got "1e3"'],
      [["--seed", "-"], '--seed must be a non-negative integer, got "-"'],
      [["--lr", "0"], '--lr must be a positive number, got "0"'],
      [["--lr", "Infinity"], '--lr must be a positive number, got "Infinity"'],
      [["--init", "zeros"], '--init must be one of uniform, he, got "zeros"'],
      [["--data="], "--data needs a value"],
      [["--nope"], "unknown flag --nope (see --help)"],
      [["stray"], 'unexpected argument "stray" (flags start with --; see --help)'],
      [["--hidden"], "--hidden needs a value"],
    ];
    for (const [args, message] of cases) {
      assert.throws(() => parseFlags(args, FLAGS), (e: unknown) => {
        assert.ok(e instanceof UsageError, `${args}: ${e}`);
        assert.equal(e.message, message);
        return true;
      });
    }
  });
  await t.step("checks a `writes` flag's path, unless --help is given", () => {
    const flags: Flag[] = [{
      name: "out",
      type: "string",
      value: "PATH",
      description: "out",
      writes: true,
    }];
    assert.throws(
      () => parseFlags(["--out", "/no/such/dir/x"], flags),
      (e: unknown) =>
        e instanceof UsageError && /^Cannot write --out \/no\/such\/dir\/x: /.test(e.message),
    );
    assert.equal(parseFlags(["--out", "/no/such/dir/x", "--help"], flags).help, true);
    assert.equal(parseFlags([], flags).out, undefined);
    // A string flag without `writes` is not a path to check.
    assert.equal(parseFlags(["--data", "/no/such/dir/x"], FLAGS).data, "/no/such/dir/x");
  });
});

Deno.test("helpText()", async (t) => {
  await t.step("lists every flag with its default and choices", () => {
    const text = helpText("deno task x", "Does x.", FLAGS);
    assert.match(text, /^Usage: deno task x\n\nDoes x\.\n\nFlags:\n/);
    assert.match(text, /--hidden N\s+hidden units \[default: 10\]/);
    assert.match(text, /--init NAME\s+init \(uniform\|he\) \[default: uniform\]/);
    assert.match(text, /--data PATH\s+data \[default: the bundled MNIST\]/);
    assert.match(text, /--json\s+JSON\n/);
    assert.match(text, /--help\s+show this help$/);
  });
});
