// The report, the history and the output checks, through the real command.
import assert from "node:assert/strict";
import { HISTORY_COLUMNS } from "@simple-mnist/report";

const MAIN = new URL("./main.ts", import.meta.url).pathname;

async function cli(...args: string[]) {
  return await cliWith(["--allow-read", "--allow-write"], ...args);
}

async function cliWith(permissions: string[], ...args: string[]) {
  const start = performance.now();
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, MAIN, ...args],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    code,
    stdout: decode(stdout),
    stderr: decode(stderr),
    seconds: (performance.now() - start) / 1000,
  };
}

const dir = await Deno.makeTempDir();
const SMALL = ["--limit", "600", "--dev-size", "100", "--iterations", "12", "--quiet"];

Deno.test("train --history and --report", async (t) => {
  const history = `${dir}/history.csv`;
  const report = `${dir}/report.html`;
  const run = await cli(
    "train",
    ...SMALL,
    "--eval-every",
    "5",
    "--history",
    history,
    "--report",
    report,
  );
  assert.equal(run.code, 0, run.stderr);

  await t.step("the history has one row per iteration, dev where it was evaluated", async () => {
    const lines = (await Deno.readTextFile(history)).trimEnd().split("\n");
    assert.equal(lines[0], HISTORY_COLUMNS.join(","));
    assert.equal(lines.length, 1 + 12);
    const rows = lines.slice(1).map((line) => line.split(","));
    assert.deepEqual(rows.map((r) => Number(r[0])), Array.from({ length: 12 }, (_, i) => i));
    const evaluated = rows.filter((r) => r[3] !== "").map((r) => Number(r[0]));
    assert.deepEqual(evaluated, [0, 5, 10, 11]); // every 5th, and the last
    for (const r of rows) {
      assert.equal(r.length, 7);
      assert.equal(r[3] === "", r[4] === "", "dev loss and accuracy go together");
      assert.ok(Number(r[1]) > 0 && Number(r[2]) >= 0 && Number(r[2]) <= 1);
      assert.equal(Number(r[5]), 0.1);
    }
    const seconds = rows.map((r) => Number(r[6]));
    assert.ok(seconds.every((s, i) => i === 0 || s >= seconds[i - 1]), "time only grows");
  });

  await t.step("the report is one small page with every section", async () => {
    const html = await Deno.readTextFile(report);
    assert.ok(html.length < 3_000_000);
    for (const id of ["run", "curves", "confusion", "digits", "weights", "mistakes"]) {
      assert.match(html, new RegExp(`<section id="${id}">`), id);
    }
    assert.match(run.stdout, /Wrote the report to .*report\.html \(\d+ KiB\)/);
  });

  await t.step(
    "the Run section: every flag once, a default marked (default) whatever its kind",
    async () => {
      const html = await Deno.readTextFile(report);
      const row = (flag: string) => {
        const match = html.match(new RegExp(`<code>--${flag}</code></dt><dd>(.*?)</dd>`));
        assert.ok(match !== null, flag);
        return match[1].replace(/<[^>]+>/g, "");
      };
      assert.equal(row("eval-every"), "5");
      assert.equal(row("iterations"), "12");
      assert.equal(row("quiet"), "true");
      assert.equal(row("seed"), "0 (default)");
      assert.equal(row("json"), "false (default)");
      assert.equal(row("save"), "not used (default)");
      assert.equal(row("early-stop"), "not used (default)");
      assert.equal(row("batch-size"), "not used (default)");
      assert.equal(row("data"), "the bundled MNIST (default)");
      const flags = html.match(/<code>--[a-z0-9-]+<\/code><\/dt>/g)!;
      assert.equal(new Set(flags).size, flags.length, "each flag once");
      assert.ok(flags.length >= 30, `${flags.length} flags`);
    },
  );

  await t.step("without them, the summary names neither", async () => {
    const plain = await cli("train", ...SMALL, "--json");
    assert.equal(plain.code, 0, plain.stderr);
    const summary = JSON.parse(plain.stdout);
    assert.equal(summary.report, null);
    assert.equal(summary.history, null);
  });
});

Deno.test("train --report on data without a test split", async (t) => {
  const csv = `${dir}/small.csv`;
  const header = ["label", ...Array.from({ length: 784 }, (_, k) => `pixel${k}`)].join(",");
  const rows = Array.from({ length: 60 }, (_, j) => {
    const label = j % 10;
    return [label, ...Array.from({ length: 784 }, (_, k) => (k % 10 === label ? 200 : 0))].join(
      ",",
    );
  });
  await Deno.writeTextFile(csv, [header, ...rows].join("\n") + "\n");

  await t.step("shows the dev set in place of the test set", async () => {
    const out = `${dir}/small.html`;
    const run = await cli(
      "train",
      "--data",
      csv,
      "--dev-size",
      "20",
      "--iterations",
      "3",
      "--quiet",
      "--report",
      out,
    );
    assert.equal(run.code, 0, run.stderr);
    const html = await Deno.readTextFile(out);
    assert.match(html, /On the dev set, 20 images: accuracy/);
    assert.match(html, /<section id="digits">/);
  });

  await t.step("with no dev set either, the report has no set-based sections", async () => {
    const out = `${dir}/nodev.html`;
    const run = await cli(
      "train",
      "--data",
      csv,
      "--dev-size",
      "0",
      "--iterations",
      "3",
      "--quiet",
      "--report",
      out,
    );
    assert.equal(run.code, 0, run.stderr);
    const html = await Deno.readTextFile(out);
    assert.doesNotMatch(html, /<section id="(confusion|digits|mistakes)">/);
    assert.match(html, /<section id="curves">/);
    assert.match(html, /<section id="weights">/);
  });
});

Deno.test("report", async (t) => {
  const model = `${dir}/model.smnn`;
  const trained = await cli("train", ...SMALL, "--save", model);
  assert.equal(trained.code, 0, trained.stderr);

  await t.step("writes the model's sections, without curves", async () => {
    const out = `${dir}/model.html`;
    const run = await cli("report", "--model", model, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    const html = await Deno.readTextFile(out);
    for (const id of ["run", "confusion", "digits", "weights", "mistakes"]) {
      assert.match(html, new RegExp(`<section id="${id}">`), id);
    }
    assert.doesNotMatch(html, /<section id="(curves|augmented)">/);
    assert.match(html, /10000 images/);
  });

  await t.step(
    "shows the model's metadata under its flags' labels, unset values left out",
    async () => {
      const out = `${dir}/model.html`;
      const html = await Deno.readTextFile(out);
      const run = html.slice(
        html.indexOf('<section id="run">'),
        html.indexOf('<section id="confusion">'),
      );
      const trained = run.slice(
        run.indexOf("<h3>Trained with</h3>"),
        run.indexOf("<h3>When saved</h3>"),
      );
      const value = (label: string) =>
        trained.match(new RegExp(`<dt><code>${label}</code></dt><dd>([^<]*)</dd>`))?.[1];
      assert.equal(value("--limit"), "600");
      assert.equal(value("--dev-size"), "100");
      assert.equal(value("--iterations"), "12");
      assert.equal(value("--lr"), "0.1");
      assert.equal(value("--hidden"), "10");
      assert.equal(value("--backend"), "wasm");
      // Unset in this run: no preset, no resume, no early stopping, full batches.
      for (const unset of ["--preset", "--resume", "--early-stop", "--batch-size", "--lr-step"]) {
        assert.equal(value(unset), undefined, unset);
      }
      assert.doesNotMatch(run, /null|resumedFrom|learningRate|earlyStop|devSize|"input"/);
      assert.match(run, /<h3>When saved<\/h3>.*<dt>Test accuracy<\/dt><dd>0\.\d{1,4}<\/dd>/s);
      assert.match(run, /<dt>Stopped early<\/dt><dd>no<\/dd>/);
    },
  );

  await t.step("a model trained with an augmentation gets the augmented samples", async () => {
    const augmented = `${dir}/shift.smnn`;
    const trained = await cli("train", ...SMALL, "--augment", "shift", "--save", augmented);
    assert.equal(trained.code, 0, trained.stderr);
    const out = `${dir}/shift.html`;
    const run = await cli("report", "--model", augmented, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    const html = await Deno.readTextFile(out);
    assert.match(html, /<section id="augmented">.*--augment shift/s);
    assert.match(html, /<code>--augment<\/code><\/dt><dd>shift<\/dd>/);
  });

  await t.step("--history adds the curves from a train --history CSV", async () => {
    const history = `${dir}/h.csv`;
    const rerun = await cli("train", ...SMALL, "--history", history);
    assert.equal(rerun.code, 0, rerun.stderr);
    const out = `${dir}/with-history.html`;
    const run = await cli("report", "--model", model, "--history", history, "--out", out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(await Deno.readTextFile(out), /<section id="curves">.*12 iterations/s);
  });

  await t.step("a missing or malformed history is a bad file (exit 1)", async () => {
    const bad = `${dir}/bad.csv`;
    await Deno.writeTextFile(bad, "iteration,loss\n0,1\n");
    const out = `${dir}/never.html`;
    for (
      const [path, message] of [
        [
          `${dir}/none.csv`,
          /^error: Cannot read history from .*none\.csv: no such file or folder\n$/,
        ],
        [bad, /^error: Cannot read .*bad\.csv: line 1 lacks the column trainLoss/],
      ] as const
    ) {
      const run = await cli("report", "--model", model, "--history", path, "--out", out);
      assert.equal(run.code, 1);
      assert.match(run.stderr, message);
    }
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
  });

  await t.step("needs --model and --out", async () => {
    for (const args of [["--out", `${dir}/x.html`], ["--model", model]]) {
      const run = await cli("report", ...args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^error: --(model|out) is required/);
    }
  });

  await t.step("a missing model is a bad file (exit 1), after the output check", async () => {
    const run = await cli("report", "--model", `${dir}/nope.smnn`, "--out", `${dir}/x.html`);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^error: Cannot load model from .*nope\.smnn: no such file or folder\n$/,
    );
  });
});

Deno.test("a conv net's report shows its filters and one digit's feature maps", async (t) => {
  const model = `${dir}/conv.smnn`;
  const trainReport = `${dir}/conv-train.html`;
  const conv = ["--layers", "conv:4:5,relu,pool:2,dense:10", "--batch-size", "100"];
  const trained = await cli(
    "train",
    ...["--limit", "600", "--dev-size", "100", "--iterations", "2", "--quiet"],
    ...conv,
    ...["--save", model, "--report", trainReport],
  );
  assert.equal(trained.code, 0, trained.stderr);
  const out = `${dir}/conv-model.html`;
  const run = await cli("report", "--model", model, "--out", out);
  assert.equal(run.code, 0, run.stderr);
  for (const [name, file] of [["train --report", trainReport], ["report", out]]) {
    await t.step(`${name}: the filters in place of the weight images`, async () => {
      const html = await Deno.readTextFile(file);
      const ids = [...html.matchAll(/<section id="([a-z]+)">/g)].map((m) => m[1]);
      assert.deepEqual(ids.filter((id) => id !== "curves"), [
        "run",
        "confusion",
        "digits",
        "filters",
        "mistakes",
      ]);
      const filters = html.slice(
        html.indexOf('<section id="filters">'),
        html.indexOf('<section id="mistakes">'),
      );
      assert.match(filters, /conv2d\(4, 5\): its 4 filters, each a 5x5 window/);
      assert.match(
        filters,
        /the first image of [^:]+: a 7, which the net reads as \d \(p 0\.\d{3}\)/,
      );
      assert.match(filters, /After conv2d\(4, 5\) → relu\(\): 4 maps of 24x24/);
      assert.match(filters, /After maxPool2d\(2\): 4 maps of 12x12/);
      // 4 filters, the digit, 4 + 4 maps.
      assert.equal(filters.match(/<img /g)?.length, 13);
    });
  }
});

Deno.test("every output path is checked before any work", async (t) => {
  const blocker = `${dir}/a-file`;
  await Deno.writeTextFile(blocker, "");
  const cases: [string, string[]][] = [
    ["train --save", ["train", "--save", "/no/such/dir/m"]],
    ["train --report", ["train", "--report", "/no/such/dir/r.html"]],
    ["train --history", ["train", "--history", `${blocker}/h.csv`]],
    ["train --report under /proc, which Deno will not write", [
      "train",
      "--report",
      "/proc/r.html",
    ]],
    ["report --out", ["report", "--model", "/no/model", "--out", "/no/such/dir/r.html"]],
    ["predict --out", [
      "predict",
      "--model",
      "/no/model",
      "--data",
      "x",
      "--out",
      "/no/such/p.csv",
    ]],
  ];
  for (const [what, args] of cases) {
    await t.step(`${what}: one error line, exit 2, under five seconds, nothing done`, async () => {
      const run = await cli(...args);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^error: Cannot write --(save|report|history|out) [^\n]+\n$/);
      assert.equal(run.stdout, "", "nothing was loaded or trained");
      assert.ok(run.seconds < 5, `${run.seconds.toFixed(2)} s`);
    });
  }
  await t.step("a folder the process may not write: exit 2 before any work", async () => {
    const elsewhere = await Deno.makeTempDir();
    const run = await cliWith(
      ["--allow-read", `--allow-write=${dir}`],
      "train",
      "--report",
      `${elsewhere}/r.html`,
    );
    await Deno.remove(elsewhere);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /^error: Cannot write --report .*r\.html: the folder .* is not writable \(/,
    );
    assert.equal(run.stdout, "");
  });

  await t.step("--help still works with a bad path", async () => {
    const run = await cli("train", "--save", "/no/such/dir/m", "--help");
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--report PATH/);
  });
});

Deno.test({
  name: "cleanup",
  fn: async () => await Deno.remove(dir, { recursive: true }),
});
