// These tests spawn the real command, as a user runs it.
import assert from "node:assert/strict";
import { JsBackend } from "@simple-mnist/backend-js";
import { encodeModel, mlp, Sequential } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";

/** A model file of a fresh MLP with these widths. */
async function modelBytes(widths = [784, 10, 10], seed = 0): Promise<Uint8Array> {
  const net = new Sequential(new JsBackend(), mlp(widths, "relu"), { prng: seededPrng(seed) });
  const bytes = encodeModel(await net.describe());
  net.dispose();
  return bytes;
}

const MAIN = new URL("./main.ts", import.meta.url).pathname;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<Run> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", MAIN, ...args],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

/** Exit status, one `error:` line on stderr, no stack trace. */
function assertOneError(run: Run, code: number, pattern?: RegExp) {
  assert.equal(run.code, code, `exit ${run.code}; stderr: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `stderr has ${lines.length} lines:\n${run.stderr}`);
  assert.match(lines[0], /^error: /);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
  if (pattern) assert.match(lines[0], pattern);
}

const dir = await Deno.makeTempDir();
const header = ["label", ...Array.from({ length: 784 }, (_, k) => `pixel${k}`)].join(",");
const row = (label: number | string, fill = "0") => [label, ...Array(784).fill(fill)].join(",");

Deno.test("train", async (t) => {
  await t.step("--json prints the summary alone on stdout", async () => {
    const run = await cli(
      "train",
      "--limit",
      "600",
      "--dev-size",
      "100",
      "--iterations",
      "5",
      "--json",
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    for (
      const key of [
        "backend",
        "iterations",
        "trainAccuracy",
        "devAccuracy",
        "testAccuracy",
        "trainLoss",
        "trainSeconds",
        "setupSeconds",
        "loadSeconds",
        "samples",
      ]
    ) {
      assert.ok(key in summary, `missing ${key}`);
    }
    assert.equal(summary.backend, "wasm");
    assert.equal(summary.iterations, 5);
    assert.equal(summary.samples, 500);
    assert.equal(summary.devSamples, 100);
    assert.equal(summary.testSamples, 10_000);
    for (const key of ["trainAccuracy", "devAccuracy", "testAccuracy"]) {
      assert.ok(summary[key] >= 0 && summary[key] <= 1, key);
    }
    assert.match(run.stderr, /Iteration: 0, Accuracy: /);
  });

  await t.step(
    "prints the seed's progress lines and saves a model that evaluate reads",
    async () => {
      const model = `${dir}/seed.model`;
      const run = await cli(
        "train",
        "--limit",
        "2000",
        "--iterations",
        "30",
        "--log-every",
        "10",
        "--lr",
        "0.5",
        "--save",
        model,
      );
      assert.equal(run.code, 0, run.stderr);
      const progress = run.stdout.split("\n").filter((l) => l.startsWith("Iteration: "));
      assert.deepEqual(progress.map((l) => l.split(",")[0]), [
        "Iteration: 0",
        "Iteration: 10",
        "Iteration: 20",
        "Iteration: 29",
      ]);
      assert.ok(
        !run.stdout.includes("\r") && !run.stdout.includes("\u001b["),
        "no bar off a terminal",
      );
      const test = Number(run.stdout.match(/Test accuracy:\s+([\d.]+)/)![1]);
      assert.ok(test > 0.5, `test accuracy ${test}`);

      const report = await cli("evaluate", "--model", model, "--json");
      assert.equal(report.code, 0, report.stderr);
      const parsed = JSON.parse(report.stdout);
      assert.equal(parsed.samples, 10_000);
      assert.equal(parsed.accuracy.toFixed(3), test.toFixed(3));
      assert.equal(parsed.confusion.flat().reduce((a: number, b: number) => a + b), 10_000);
      assert.equal(parsed.classes.length, 10);
    },
  );

  await t.step("trains on a Kaggle CSV without a test split", async () => {
    const csv = `${dir}/small.csv`;
    await Deno.writeTextFile(
      csv,
      [header, ...Array.from({ length: 40 }, (_, j) => row(j % 10, String(j)))].join("\n"),
    );
    const run = await cli(
      "train",
      "--data",
      csv,
      "--dev-size",
      "10",
      "--iterations",
      "2",
      "--json",
      "--quiet",
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.testAccuracy, null);
    assert.equal(summary.samples, 30);
    assert.equal(run.stderr, "");
  });

  await t.step("gives the same result for the same seed", async () => {
    const args = [
      "train",
      "--limit",
      "300",
      "--dev-size",
      "50",
      "--iterations",
      "3",
      "--json",
      "--quiet",
      "--batch-size",
      "64",
    ];
    const [a, b] = [await cli(...args), await cli(...args)];
    const strip = (s: string) => ({
      ...JSON.parse(s),
      trainSeconds: 0,
      setupSeconds: 0,
      loadSeconds: 0,
      msPerIteration: 0,
    });
    assert.deepEqual(strip(a.stdout), strip(b.stdout));
  });
});

Deno.test("usage errors exit 2 with one error line", async (t) => {
  const cases: [string[], RegExp][] = [
    [["train", "--frobnicate"], /unknown flag --frobnicate/],
    [["train", "--hidden", "0"], /--hidden must be a comma-separated list of positive integers/],
    [["train", "--hidden", "10,,5"], /got "10,,5" \(item 2 is ""\)/],
    [["train", "--hidden", "abc"], /--hidden must be a comma-separated list/],
    [["train", "--hidden", "100000,100000"], /parameters, more than the 268435456 \(1 GiB/],
    [["train", "--activation", "nope"], /--activation must be one of relu, leaky-relu, tanh/],
    [["train", "--resume", "x.model", "--hidden", "5"], /--resume takes the architecture/],
    [["train", "--resume", "x.model", "--activation", "tanh"], /drop --activation/],
    [["train", "--resume", "x.model", "--init", "he"], /drop --init/],
    [["gradient-check", "--hidden", "100"], /widths up to 64/],
    [["train", "--momentum", "1.5"], /--momentum must be a number in \[0, 1\), got "1\.5"/],
    [["train", "--dropout", "1"], /--dropout must be a number in \[0, 1\)/],
    [["train", "--dropout=-0.1"], /--dropout must be a number in \[0, 1\), got "-0\.1"/],
    [["train", "--beta2", "1"], /--beta2 must be a number in \[0, 1\)/],
    [["train", "--early-stop", "3", "--dev-size", "0"], /--early-stop needs a dev set/],
    [["train", "--lr-schedule", "nope"], /--lr-schedule must be one of constant, step, cosine/],
    [["train", "--l2=-1"], /--l2 must be a number ≥ 0, got "-1"/],
    [["train", "--optimizer", "nope"], /--optimizer must be one of sgd, momentum, nesterov/],
    [["train", "--lr-step", "5"], /--lr-step needs --lr-schedule step/],
    [["train", "--lr-schedule", "step"], /--lr-schedule step needs --lr-step/],
    [["train", "--augment", "nope"], /--augment must be one of none, shift, affine, elastic/],
    [["train", "--preset", "nope"], /--preset must be one of seed, best, conv/],
    [
      ["train", "--layers", "conv:16", "--batch-size", "64"],
      /^error: --layers: item 1, "conv:16", does not parse: write conv:FILTERS:KERNEL/,
    ],
    [
      ["train", "--layers", "conv:16:3:s0,dense:10"],
      /item 1, "conv:16:3:s0", does not parse: .*a stride is at least 1/,
    ],
    [
      ["train", "--layers", "conv:8:5,pool:2,conv:8:5,pool:2,conv:8:5,dense:10"],
      /--layers: item 5, conv:8:5, cannot take the 8x4x4 output of item 4, pool:2: its 5x5 kernel is larger than the 4x4 image/,
    ],
    [
      ["train", "--layers", "conv:8:29,dense:10"],
      /item 1, conv:8:29, cannot take the input 1x28x28: its 29x29 kernel is larger than the 28x28 image/,
    ],
    [
      ["train", "--layers", "dense:64,dense:10,pool:2"],
      /item 3, pool:2, cannot take the 10 output of item 2, dense:10: it takes images of C x H x W/,
    ],
    [
      ["train", "--layers", "conv:8:5,relu", "--batch-size", "64"],
      /--layers: the last layer outputs 8x24x24 per sample/,
    ],
    [
      ["train", "--layers", "conv:8:5,dense:7", "--batch-size", "64"],
      /the net ends in 7 outputs but there are 10 digits/,
    ],
    [
      ["train", "--layers", "conv:8:5,dense:10", "--hidden", "32"],
      /--hidden and --layers both give the net: drop one/,
    ],
    [
      ["train", "--layers", "conv:8:5,dense:10", "--dropout", "0.2"],
      /--dropout is for the MLP of --hidden: with --layers, write it in the list/,
    ],
    [
      ["train", "--layers", "conv:32:5,relu,dense:10"],
      /--batch-size is needed: a full batch of 59000 images would take/,
    ],
    [["cross-validate", "--folds", "0"], /--folds must be at least 2, got 0/],
    [["cross-validate", "--folds", "1"], /--folds must be at least 2, got 1/],
    [["cross-validate", "--folds", "200", "--limit", "100"], /--folds 200 is more than the 100/],
    [["cross-validate", "--augment", "nope"], /--augment must be one of/],
    [["cross-validate", "--preset", "nope"], /--preset must be one of/],
    [["show-augment", "--augment", "nope"], /--augment must be one of shift, affine, elastic/],
    [["show-augment", "--count", "20"], /at most 8 versions/],
    [["train", "--lr=-1"], /--lr must be a positive number, got "-1"/],
    [["train", "--lr", "-1"], /--lr is followed by a value starting with "-": write --lr=VALUE/],
    [["train", "--lr", "abc"], /--lr must be a positive number/],
    [["train", "--iterations", "1.5"], /--iterations must be a non-negative integer/],
    [["train", "--batch-size", "0"], /--batch-size must be a positive integer/],
    [["train", "--init", "zeros"], /--init must be one of uniform, xavier, he/],
    [["train", "--seed"], /--seed needs a value/],
    [["train", "--backend", "gpu"], /available backends are wasm, ndarray, js/],
    [["train", "stray"], /unexpected argument "stray"/],
    [["train", "--limit", "100", "--dev-size", "100"], /--dev-size 100 leaves no training rows/],
    [["fly"], /unknown command "fly"/],
    [["evaluate"], /--model is required/],
    [["predict", "--model", "m", "--data", "d"], /--out is required/],
    [["show"], /--index is required/],
    [["show", "--index", "70000"], /--index 70000 is out of range/],
  ];
  for (const [args, pattern] of cases) {
    await t.step(args.join(" "), async () => assertOneError(await cli(...args), 2, pattern));
  }
});

Deno.test("bad input exits 1 with one error line and leaves no output file", async (t) => {
  const zipped = async (bytes: Uint8Array) =>
    new Uint8Array(
      await new Response(
        new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
          new CompressionStream("gzip"),
        ),
      ).arrayBuffer(),
    );
  const idx = new Uint8Array(16 + 784 * 3);
  new DataView(idx.buffer).setUint32(0, 2051);
  new DataView(idx.buffer).setUint32(4, 3);
  new DataView(idx.buffer).setUint32(8, 28);
  new DataView(idx.buffer).setUint32(12, 28);
  const corrupt = await zipped(idx);
  for (let e = 12; e < corrupt.length - 8; e++) corrupt[e] ^= 0x5a;
  const wrongMagic = idx.slice();
  new DataView(wrongMagic.buffer).setUint32(0, 2052);

  const dataCases: [string, string | Uint8Array, RegExp][] = [
    ["empty.csv", "", /the file is empty/],
    ["header-only.csv", header + "\n", /header but no data rows/],
    [
      "short-row.csv",
      `${header}\n${row(1)}\n1,2,3\n`,
      /:3: the row has 3 fields but the header has 785/,
    ],
    [
      "non-numeric.csv",
      `${header}\n${row(1, "x")}\n`,
      /:2: column 2: the pixel0 field "x" is not a non-negative integer/,
    ],
    [
      "pixel.csv",
      `${header}\n${row(1, "300")}\n`,
      /:2: column 2: pixel0 is 300, out of range 0-255/,
    ],
    ["label.csv", `${header}\n${row(11)}\n`, /:2: column 1: label 11 is out of range 0-9/],
    ["junk.bin", Uint8Array.from({ length: 3000 }, (_, i) => (i * 97 + 13) % 256), /junk\.bin/],
    ["truncated-images-idx3-ubyte", idx.subarray(0, 1000), /truncated IDX file/],
    ["wrong-magic-idx3-ubyte", wrongMagic, /not an MNIST IDX file: magic number 2052/],
    ["corrupt-images-idx3-ubyte.gz", corrupt, /corrupt gzip data/],
  ];
  for (const [name, content, pattern] of dataCases) {
    await t.step(`train --data ${name}`, async () => {
      const path = `${dir}/${name}`;
      if (typeof content === "string") await Deno.writeTextFile(path, content);
      else await Deno.writeFile(path, content);
      const save = `${dir}/${name}.model`;
      const run = await cli("train", "--data", path, "--iterations", "1", "--save", save);
      assertOneError(run, 1, pattern);
      await assert.rejects(Deno.stat(save), Deno.errors.NotFound);
    });
  }

  const good = await modelBytes();
  // A version 1 header ("SMNN", then the version) claiming a version that does not exist.
  const oldVersion = new Uint8Array(100);
  oldVersion.set(new TextEncoder().encode("SMNN"));
  new DataView(oldVersion.buffer).setUint32(4, 7, true);
  const modelCases: [string, Uint8Array, RegExp][] = [
    [
      "garbage.model",
      new TextEncoder().encode("this is not a model, just words"),
      /not a simple-mnist model/,
    ],
    ["version.model", oldVersion, /format version 7 is not supported/],
    ["truncated.model", good.subarray(0, 5000), /truncated/],
  ];
  await Deno.writeTextFile(
    `${dir}/test.csv`,
    [header.replace("label,", ""), Array(784).fill(0).join(",")].join("\n"),
  );
  await t.step("train --resume of a corrupt file names it, and writes nothing", async () => {
    const path = `${dir}/corrupt-resume.model`;
    const flipped = good.slice();
    flipped[flipped.length - 10] ^= 1;
    await Deno.writeFile(path, flipped);
    const save = `${dir}/after-corrupt.model`;
    const run = await cli("train", "--resume", path, "--iterations", "1", "--save", save);
    assertOneError(run, 1, /corrupt-resume\.model: the checksum does not match/);
    await assert.rejects(Deno.stat(save), Deno.errors.NotFound);
  });
  await t.step("train --resume of a model for other images names it", async () => {
    const path = `${dir}/wide-input.model`;
    await Deno.writeFile(path, await modelBytes([100, 10, 10]));
    const run = await cli(
      "train",
      "--resume",
      path,
      "--iterations",
      "1",
      "--limit",
      "200",
      "--dev-size",
      "50",
    );
    assertOneError(run, 1, /wide-input\.model: the model takes 100 pixels but the images/);
  });
  for (const [name, bytes, pattern] of modelCases) {
    await t.step(`predict --model ${name}`, async () => {
      const path = `${dir}/${name}`;
      await Deno.writeFile(path, bytes);
      const out = `${dir}/${name}.csv`;
      const run = await cli("predict", "--model", path, "--data", `${dir}/test.csv`, "--out", out);
      assertOneError(run, 1, pattern);
      await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
    });
    await t.step(`evaluate --model ${name}`, async () => {
      assertOneError(await cli("evaluate", "--model", `${dir}/${name}`), 1, pattern);
    });
  }
});

Deno.test("nets of any depth", async (t) => {
  const model = `${dir}/deep.model`;
  const base = [
    "--limit",
    "3000",
    "--dev-size",
    "500",
    "--batch-size",
    "50",
    "--init",
    "he",
    "--json",
    "--quiet",
  ];
  let first: Record<string, unknown> = {};
  await t.step("train --hidden 32,16 --activation tanh names the layers", async () => {
    const run = await cli(
      "train",
      ...base,
      "--hidden",
      "32,16",
      "--activation",
      "tanh",
      "--iterations",
      "2",
      "--save",
      model,
    );
    assert.equal(run.code, 0, run.stderr);
    first = JSON.parse(run.stdout);
    assert.deepEqual(first.layers, [784, 32, 16, 10]);
    assert.equal(first.activation, "tanh");
    assert.ok((first.testAccuracy as number) > 0.8, `test accuracy ${first.testAccuracy}`);
    const human = await cli(
      "train",
      "--limit",
      "300",
      "--dev-size",
      "50",
      "--iterations",
      "1",
      "--hidden",
      "8,8",
    );
    assert.match(human.stdout, /Training 784-8-8-10 relu on wasm/);
  });
  await t.step("the model file keeps how it was trained", async () => {
    const bytes = await Deno.readFile(model);
    const length = new DataView(bytes.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    const training = JSON.parse(header.__metadata__.training);
    assert.equal(training.architecture, "784-32-16-10");
    assert.equal(training.seed, 0);
    assert.equal(training.testAccuracy, first.testAccuracy);
    assert.equal(training.trainSeconds, undefined);
  });
  await t.step("evaluate, predict and show read it", async () => {
    const evaluation = JSON.parse((await cli("evaluate", "--model", model, "--json")).stdout);
    assert.equal(evaluation.accuracy, first.testAccuracy);
    const show = await cli("show", "--index", "3", "--model", model);
    assert.match(show.stdout, /Prediction: \d/);
    const csv = `${dir}/deep-unlabelled.csv`;
    await Deno.writeTextFile(
      csv,
      [header.replace("label,", ""), Array(784).fill(9).join(",")].join("\n"),
    );
    const out = `${dir}/deep-submission.csv`;
    const run = await cli("predict", "--model", model, "--data", csv, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(await Deno.readTextFile(out), /^ImageId,Label\n1,\d\n$/);
  });
  await t.step("train --resume trains on from the file's weights and architecture", async () => {
    const resumeBase = base.filter((arg) => arg !== "--init" && arg !== "he");
    const run = await cli("train", ...resumeBase, "--resume", model, "--iterations", "2");
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.deepEqual(summary.layers, [784, 32, 16, 10]);
    assert.equal(summary.activation, "tanh");
    assert.equal(summary.resumedFrom, model);
    assert.ok(summary.trainLoss < (first.trainLoss as number), "resuming lowers the loss");
  });
  await t.step("a version 1 model from the last release evaluates as it did", async () => {
    // Its own release measured accuracy 0.3514 and loss 1.7875193696975709 on the test set.
    const v1 = new URL("../../packages/model/testdata/v1_784-10-10.model", import.meta.url);
    const run = await cli("evaluate", "--model", v1.pathname, "--json");
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.accuracy, 0.3514);
    assert.ok(Math.abs(result.loss - 1.7875193696975709) < 1e-6, `loss ${result.loss}`);
    const resumed = await cli(
      "train",
      "--resume",
      v1.pathname,
      "--iterations",
      "1",
      "--limit",
      "500",
      "--dev-size",
      "100",
    );
    assert.equal(resumed.code, 0, resumed.stderr);
  });
  await t.step("a model release 0.2 saved evaluates and resumes as it did", async () => {
    // Its own release measured accuracy 0.9005 and loss 0.4227689146518707 on the test set
    // (packages/model/testdata: how it was trained is in its metadata).
    const v2 = new URL("../../packages/model/testdata/v2_784-32-16-10_tanh.model", import.meta.url);
    const run = await cli("evaluate", "--model", v2.pathname, "--json");
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.accuracy, 0.9005);
    assert.ok(Math.abs(result.loss - 0.4227689146518707) < 1e-6, `loss ${result.loss}`);
    const resumed = await cli(
      "train",
      "--resume",
      v2.pathname,
      "--iterations",
      "1",
      "--batch-size",
      "100",
      "--limit",
      "500",
      "--dev-size",
      "100",
      "--json",
    );
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(JSON.parse(resumed.stdout).layers, [784, 32, 16, 10]);
  });
  await t.step("gradient-check passes, names every tensor, and says how in --json", async () => {
    const run = await cli("gradient-check", "--hidden", "4,3", "--activation", "sigmoid", "--json");
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.ok(summary.maxRelativeError < summary.threshold);
    assert.deepEqual(summary.tensors.map((x: { name: string }) => x.name), [
      "W1",
      "b1",
      "W2",
      "b2",
      "W3",
      "b3",
    ]);
    const text = await cli("gradient-check");
    assert.match(text.stdout, /passed \(threshold 0\.01\)/);
  });
});

Deno.test("training recipes", async (t) => {
  const base = ["--limit", "1500", "--dev-size", "300", "--batch-size", "100", "--init", "he"];
  await t.step("the same seed gives byte-identical model files, dropout on", async () => {
    for (const optimizer of ["adamw", "nesterov"]) {
      const [a, b] = [`${dir}/${optimizer}-a.model`, `${dir}/${optimizer}-b.model`];
      for (const path of [a, b]) {
        const run = await cli(
          "train",
          ...base,
          "--hidden",
          "24",
          "--optimizer",
          optimizer,
          "--dropout",
          "0.3",
          "--iterations",
          "2",
          "--quiet",
          "--save",
          path,
        );
        assert.equal(run.code, 0, run.stderr);
      }
      assert.deepEqual(await Deno.readFile(a), await Deno.readFile(b), optimizer);
    }
  });
  await t.step("--json names the optimizer, the base rate and how the run ended", async () => {
    const run = await cli(
      "train",
      ...base,
      "--hidden",
      "32",
      "--optimizer",
      "adam",
      "--lr-schedule",
      "cosine",
      "--warmup",
      "5",
      "--early-stop",
      "2",
      "--iterations",
      "4",
      "--json",
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.optimizer, "adam");
    assert.equal(summary.learningRate, 0.001);
    assert.equal(typeof summary.stoppedEarly, "boolean");
    assert.ok(Number.isInteger(summary.bestIteration));
    assert.ok(summary.testAccuracy > 0.5, `test accuracy ${summary.testAccuracy}`);
    assert.match(run.stderr, /Iteration: 0, Accuracy: [\d.]+, Loss: [\d.]+, LR: /);
    const plain = await cli(
      "train",
      "--limit",
      "600",
      "--dev-size",
      "100",
      "--iterations",
      "2",
      "--json",
    );
    const seedRun = JSON.parse(plain.stdout);
    assert.equal(seedRun.optimizer, "sgd");
    assert.equal(seedRun.learningRate, 0.1);
    assert.equal(seedRun.stoppedEarly, false);
    assert.equal(seedRun.bestIteration, null);
    assert.doesNotMatch(plain.stderr, /LR:/);
  });
  await t.step("--l2 and --weight-decay show in the logged loss", async () => {
    const loss = async (...extra: string[]) => {
      const run = await cli("train", ...base, "--iterations", "1", "--json", ...extra);
      assert.equal(run.code, 0, run.stderr);
      return Number(run.stderr.match(/Iteration: 0, Accuracy: [\d.]+, Loss: ([\d.]+)/)![1]);
    };
    const plain = await loss();
    assert.ok(await loss("--l2", "50") > plain + 0.01);
    assert.ok(await loss("--weight-decay", "0.1") > plain + 0.01);
  });
});

Deno.test("augmentation, presets and cross-validation", async (t) => {
  const base = ["--limit", "1200", "--dev-size", "200", "--batch-size", "100", "--hidden", "32"];
  await t.step("the same seed gives byte-identical model files with augmentation on", async () => {
    for (const augment of ["affine", "elastic"]) {
      const paths = [`${dir}/${augment}-a.model`, `${dir}/${augment}-b.model`];
      for (const path of paths) {
        const run = await cli(
          "train",
          ...base,
          "--augment",
          augment,
          "--iterations",
          "1",
          "--quiet",
          "--save",
          path,
        );
        assert.equal(run.code, 0, run.stderr);
      }
      assert.deepEqual(await Deno.readFile(paths[0]), await Deno.readFile(paths[1]), augment);
    }
  });
  await t.step("a preset sets its flags, and a given flag overrides it", async () => {
    const run = await cli(
      "train",
      "--preset",
      "best",
      "--hidden",
      "16",
      "--iterations",
      "1",
      "--limit",
      "600",
      "--dev-size",
      "100",
      "--json",
      "--quiet",
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.preset, "best");
    assert.deepEqual(summary.layers, [784, 16, 10]);
    assert.equal(summary.iterations, 1);
    assert.equal(summary.optimizer, "adam");
    assert.notEqual(summary.augment, "none");
    const seedPreset = await cli(
      "train",
      "--preset",
      "seed",
      "--limit",
      "600",
      "--dev-size",
      "100",
      "--iterations",
      "3",
      "--json",
      "--quiet",
    );
    const plain = await cli(
      "train",
      "--limit",
      "600",
      "--dev-size",
      "100",
      "--iterations",
      "3",
      "--json",
      "--quiet",
    );
    assert.equal(JSON.parse(seedPreset.stdout).trainLoss, JSON.parse(plain.stdout).trainLoss);
    const help = await cli("train", "--help");
    assert.match(help.stdout, /Presets:\n {2}seed +the defaults above\n {2}best +--hidden /);
  });
  await t.step("cross-validate prints each fold, then mean ± std, and --json", async () => {
    const run = await cli(
      "cross-validate",
      "--folds",
      "3",
      "--limit",
      "900",
      "--iterations",
      "20",
      "--json",
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.deepEqual(summary.folds.map((f: { fold: number }) => f.fold), [1, 2, 3]);
    const accuracies = summary.folds.map((f: { devAccuracy: number }) => f.devAccuracy);
    const mean = accuracies.reduce((a: number, b: number) => a + b) / 3;
    assert.ok(Math.abs(summary.meanDevAccuracy - mean) < 1e-12);
    const std = Math.sqrt(
      accuracies.reduce((a: number, b: number) => a + (b - mean) ** 2, 0) / 2,
    );
    assert.ok(Math.abs(summary.stdDevAccuracy - std) < 1e-12);
    assert.ok(summary.folds.every((f: { devLoss: number }) => f.devLoss > 0));
    assert.match(run.stderr, /Fold 3\/3: dev accuracy /);
    const text = await cli("cross-validate", "--folds", "2", "--limit", "400", "--iterations", "2");
    assert.match(text.stdout, /Mean dev accuracy \d\.\d{4} ± \d\.\d{4}/);
  });
  await t.step("show-augment draws the original beside augmented versions", async () => {
    const run = await cli("show-augment", "--index", "2", "--augment", "shift", "--count", "2");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^original +shift 1 +shift 2\n/);
    assert.equal(run.stdout.split("\n")[1].split("┌").length - 1, 3);
  });
});

Deno.test("conv nets", async (t) => {
  const model = `${dir}/conv.model`;
  const spec = "conv:4:5,relu,pool:2,conv:8:3:same:s2,relu,dense:10";
  let summary: Record<string, unknown> = {};
  await t.step(
    "train --layers trains one, and --json and the file carry the layer list",
    async () => {
      const run = await cli(
        "train",
        "--layers",
        spec,
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--batch-size",
        "64",
        "--iterations",
        "2",
        "--limit",
        "2000",
        "--dev-size",
        "200",
        "--save",
        model,
        "--json",
        "--quiet",
      );
      assert.equal(run.code, 0, run.stderr);
      summary = JSON.parse(run.stdout);
      assert.equal(summary.layerSpec, spec);
      assert.equal(summary.layers, null); // no MLP widths
      assert.equal(summary.init, "he");
      const net = summary.net as { input: number[]; layers: { type: string }[] };
      assert.deepEqual(net.input, [1, 28, 28]);
      assert.deepEqual(net.layers.map((l) => l.type), [
        "conv2d",
        "relu",
        "maxPool2d",
        "conv2d",
        "relu",
        "flatten",
        "dense",
      ]);
      assert.match(
        summary.architecture as string,
        /^1x28x28 → conv2d\(4, 5\) → relu\(\) → maxPool2d\(2\)/,
      );
      assert.ok((summary.testAccuracy as number) > 0.8, `test accuracy ${summary.testAccuracy}`);
      const bytes = await Deno.readFile(model);
      const length = new DataView(bytes.buffer).getUint32(0, true);
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
      assert.deepEqual(JSON.parse(header.__metadata__.net), net);
      assert.equal(JSON.parse(header.__metadata__.training).layerSpec, spec);
    },
  );
  await t.step("evaluate, predict and show read the conv model", async () => {
    const evaluation = JSON.parse((await cli("evaluate", "--model", model, "--json")).stdout);
    assert.equal(evaluation.accuracy, summary.testAccuracy);
    const show = await cli("show", "--index", "3", "--model", model);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /Prediction: \d/);
    const csv = `${dir}/conv-unlabelled.csv`;
    await Deno.writeTextFile(
      csv,
      [header.replace("label,", ""), Array(784).fill(9).join(","), Array(784).fill(200).join(",")]
        .join("\n"),
    );
    const out = `${dir}/conv-submission.csv`;
    const run = await cli("predict", "--model", model, "--data", csv, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(await Deno.readTextFile(out), /^ImageId,Label\n1,\d\n2,\d\n$/);
  });
  await t.step("cross-validate takes --layers", async () => {
    const run = await cli(
      "cross-validate",
      "--layers",
      "conv:2:5,relu,pool:2,dense:10",
      "--batch-size",
      "50",
      "--folds",
      "2",
      "--limit",
      "400",
      "--iterations",
      "1",
      "--json",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).folds.length, 2);
  });
  await t.step("train --help documents --layers and its grammar", async () => {
    const help = (await cli("train", "--help")).stdout;
    assert.match(help, /--layers SPEC +the whole net as a list/);
    assert.match(help, /conv:F:K\[:same\]\[:sS\]/);
    assert.match(help, /pool:K\[:sS\]/);
    assert.match(help, / {2}conv +--layers conv:16:5,relu,pool:2,conv:32:5,relu,pool:2,dense:10 /);
  });
});

Deno.test("predict, show, help and version", async (t) => {
  const model = `${dir}/p.model`;
  await Deno.writeFile(model, await modelBytes([784, 10, 10], 1));
  await t.step("predict writes a Kaggle submission", async () => {
    const csv = `${dir}/unlabelled.csv`;
    await Deno.writeTextFile(
      csv,
      [header.replace("label,", ""), ...Array(3).fill(Array(784).fill(7).join(","))].join("\n"),
    );
    const out = `${dir}/submission.csv`;
    const run = await cli("predict", "--model", model, "--data", csv, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    const lines = (await Deno.readTextFile(out)).trimEnd().split("\n");
    assert.equal(lines[0], "ImageId,Label");
    assert.deepEqual(lines.slice(1).map((l) => l.split(",")[0]), ["1", "2", "3"]);
    assert.ok(lines.slice(1).every((l) => /^\d+,\d$/.test(l)));
  });
  await t.step("show draws the digit with its label and the probabilities", async () => {
    const run = await cli("show", "--index", "0", "--model", model);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /█/);
    assert.match(run.stdout, /Label: 5/);
    assert.match(run.stdout, /Prediction: \d/);
    assert.equal(run.stdout.split("\n").filter((l) => /^ {2}\d {2}0\.\d{3}/.test(l)).length, 10);
  });
  for (
    const command of [
      "train",
      "evaluate",
      "predict",
      "show",
      "export-data",
      "gradient-check",
      "cross-validate",
      "show-augment",
      "report",
      "export",
    ]
  ) {
    await t.step(`${command} --help lists its flags`, async () => {
      const run = await cli(command, "--help");
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: deno task /);
      assert.match(run.stdout, /--help/);
    });
  }
  await t.step("train --help shows defaults", async () => {
    const run = await cli("train", "--help");
    assert.match(run.stdout, /--lr X\s+base learning rate \[default: 0\.1 for sgd, momentum/);
    assert.match(run.stdout, /--optimizer NAME\s+update rule \(sgd\|momentum\|nesterov/);
    assert.match(run.stdout, /--iterations N\s+.*\[default: 500\]/);
  });
  await t.step("--version", async () => {
    const run = await cli("--version");
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^simple-mnist \d+\.\d+\.\d+/);
  });
});

Deno.test({
  name: "cleanup",
  fn: () => Deno.remove(dir, { recursive: true }),
});
