import assert from "node:assert/strict";
import { boolean, count, parseFlags, text } from "@simple-mnist/command";
import { resolve } from "@simple-mnist/recipe";
import { flagRows, metadataTables, TRAINED_WITH_LABELS } from "./report_files.ts";

Deno.test("flagRows()", async (t) => {
  const flags = {
    seed: count({ description: "seed", default: 0, allowZero: true }),
    limit: count({ description: "rows", shown: "all" }),
    history: text({ description: "a CSV" }),
    json: boolean({ description: "JSON" }),
    quiet: boolean({ description: "quiet" }),
  };

  await t.step("marks every flag not given (default), switches and unset ones too", () => {
    const rows = flagRows(flags, parseFlags(["--quiet"], flags));
    assert.deepEqual(rows, [
      ["--seed", "0 (default)"],
      ["--limit", "all (default)"],
      ["--history", "not used (default)"],
      ["--json", "false (default)"],
      ["--quiet", "true"],
    ]);
  });

  await t.step("shows given values as given", () => {
    const rows = flagRows(flags, parseFlags(["--seed", "3", "--history", "h.csv"], flags));
    assert.deepEqual(rows.slice(0, 3), [["--seed", "3"], ["--limit", "all (default)"], [
      "--history",
      "h.csv",
    ]]);
  });
});

Deno.test("metadataTables()", async (t) => {
  const metadata = {
    backend: "wasm",
    ...resolve({ hidden: [128, 64], batchSize: 64, augment: "affine" }).recipe,
    layers: [784, 128, 64, 10],
    net: { input: [784], layers: [] },
    architecture: "784-128-64-10",
    data: "the bundled MNIST",
    trainAccuracy: 0.912345,
    devAccuracy: null,
    samples: 59000,
    stoppedEarly: false,
    bestIteration: null,
    trainedBy: "the simple-mnist web app",
  };
  const [settings, results] = metadataTables(metadata);
  const rows = Object.fromEntries(settings.rows);

  await t.step("labels each setting by its flag, as the flag takes the value", () => {
    assert.equal(settings.title, "Trained with");
    assert.equal(rows["--hidden"], "128,64");
    assert.equal(rows["--batch-size"], "64");
    assert.equal(rows["--lr"], "0.1");
    assert.equal(rows["--lr-schedule"], "constant");
    assert.equal(rows["--augment"], "affine");
    assert.equal(rows["--backend"], "wasm");
    assert.equal(rows["--data"], "the bundled MNIST");
    assert.equal(rows["--epsilon"], "1e-8");
  });

  await t.step("leaves out unset values and what the facts show", () => {
    for (const label of ["--preset", "--resume", "--early-stop", "--lr-step", "--limit"]) {
      assert.equal(rows[label], undefined, label);
    }
    const text = JSON.stringify([settings, results]);
    assert.doesNotMatch(text, /null|784-128-64-10|"input"/);
  });

  await t.step("a key it does not know is shown as words", () => {
    assert.equal(rows["trained by"], "the simple-mnist web app");
  });

  await t.step("puts the figures of the run under When saved", () => {
    assert.equal(results.title, "When saved");
    assert.deepEqual(results.rows, [
      ["Train accuracy", "0.9123"],
      ["Training images", "59000"],
      ["Stopped early", "no"],
    ]);
  });

  await t.step("knows every recipe setting", () => {
    for (const key of Object.keys(resolve({}).recipe)) {
      assert.match(TRAINED_WITH_LABELS[key] ?? "", /^--[a-z0-9-]+$/, key);
    }
  });

  await t.step("a release-0.2 file's keys: old names as words", () => {
    const [old] = metadataTables({ dataLimit: 20000, learningRate: 0.001, earlyStop: null });
    assert.deepEqual(old.rows, [["--lr", "0.001"], ["data limit", "20000"]]);
  });
});
