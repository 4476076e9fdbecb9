import assert from "node:assert/strict";
import { boolean, choice, count, counts, number, parseFlags, text, UsageError } from "./mod.ts";

const FLAGS = {
  hidden: count({ value: "N", description: "hidden units", default: 10 }),
  seed: count({ description: "seed", default: 0, allowZero: true }),
  lr: number({ description: "learning rate", default: 0.1 }),
  init: choice(["uniform", "he"], { description: "init", default: "uniform" }),
  widths: counts({ description: "widths" }),
  data: text({ description: "data", shown: "the bundled MNIST" }),
  json: boolean({ description: "JSON" }),
};

Deno.test("parseFlags()", async (t) => {
  await t.step("fills in defaults, and says nothing was given", () => {
    const { values: v, given, help } = parseFlags([], FLAGS);
    assert.deepEqual(
      [v.hidden, v.seed, v.lr, v.init, v.widths, v.data, v.json, help, given.size],
      [10, 0, 0.1, "uniform", undefined, undefined, false, false, 0],
    );
  });
  await t.step("converts given values, both spellings", () => {
    const { values: v, given } = parseFlags(
      ["--hidden", "32", "--lr=0.5", "--init", "he", "--json", "--seed", "0", "--widths", "4,2"],
      FLAGS,
    );
    assert.deepEqual([v.hidden, v.lr, v.init, v.json, v.seed, v.widths], [32, 0.5, "he", true, 0, [
      4,
      2,
    ]]);
    assert.deepEqual([...given].sort(), ["hidden", "init", "json", "lr", "seed", "widths"]);
  });
  await t.step("refuses bad values with the flag's name", () => {
    const cases: [string[], string][] = [
      [["--hidden", "0"], '--hidden must be a positive integer, got "0"'],
      [["--hidden", "1e3"], '--hidden must be a positive integer, got "1e3"'],
      [["--seed", "-"], '--seed must be a non-negative integer, got "-"'],
      [["--lr", "0"], '--lr must be a positive number, got "0"'],
      [["--lr", "Infinity"], '--lr must be a positive number, got "Infinity"'],
      [["--init", "zeros"], '--init must be one of uniform, he, got "zeros"'],
      [
        ["--widths", "3,,2"],
        '--widths must be a comma-separated list of positive integers, got "3,,2" (item 2 is "")',
      ],
      [["--data="], "--data needs a value"],
      [["--nope"], "unknown flag --nope (see --help)"],
      [["stray"], 'unexpected argument "stray" (flags start with --; see --help)'],
      [["--hidden"], "--hidden needs a value"],
      [["--lr", "-1"], '--lr is followed by a value starting with "-": write --lr=VALUE'],
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
    const flags = { out: text({ description: "out", writes: true }) };
    assert.throws(
      () => parseFlags(["--out", "/no/such/dir/x"], flags),
      (e: unknown) =>
        e instanceof UsageError && /^Cannot write --out \/no\/such\/dir\/x: /.test(e.message),
    );
    assert.equal(parseFlags(["--out", "/no/such/dir/x", "--help"], flags).help, true);
    assert.equal(parseFlags([], flags).values.out, undefined);
    // A text flag without `writes` is not a path to check.
    assert.equal(parseFlags(["--data", "/no/such/dir/x"], FLAGS).values.data, "/no/such/dir/x");
  });
});
