// `deno task compare-mlp`: one epoch of mini-batch SGD (batch 128, lr 0.1,
// He init) on MLPs of several widths, trained here and by NumPy and PyTorch
// (benchmarks/mlp_peer.py) on the bundled MNIST and on it inverted (255 − x,
// a dense input); prints each side's time per epoch, the ratios, the test
// accuracies and each side's peak resident memory. Every side runs as its
// own process (ours: benchmarks/_mlp_ours.ts under _max_rss.py), so each
// peak is that side's own.
import { parseArgs } from "node:util";
import { bundledMnistDir, IDX_FILES } from "@simple-mnist/data";

interface Side {
  implementation: string;
  secondsPerEpoch: number;
  testAccuracy: number;
  peakMemoryMB: number;
  profile?: string[];
}

const WORKLOADS = ["128", "512", "512,256"];
const BATCH = 128;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    backend: { type: "string" },
    hidden: { type: "string", multiple: true },
    peers: { type: "string", default: "numpy,torch" },
    profile: { type: "boolean" },
    repeat: { type: "string", default: "3" },
    "skip-inverted": { type: "boolean" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(
    `Usage: deno task compare-mlp [--backend NAME] [--hidden 128 ...] [--peers numpy,torch]
                            [--repeat 3] [--profile] [--skip-inverted]

For each net (default: 784-128-10, 784-512-10, 784-512-256-10; --hidden 512,256 picks one), trains
one epoch of mini-batch SGD (batch ${BATCH}, lr 0.1, He init) on the 60,000 MNIST training images
with one of our backends (default: the fastest), with NumPy and with PyTorch (one thread), and
prints each side's time per epoch, our time over theirs, accuracy on the 10,000 test images and
the side's peak resident memory (each side is its own process); then the same on inverted MNIST
(255 − x: 81% of the pixels 255, not 0), and each side's inverted epoch over its plain one
(--skip-inverted leaves that out). Each side runs --repeat times (default 3), taking turns, and
keeps its best time: on a shared machine the best run is the least disturbed one. --profile also
prints where our epoch's time went, by op and shape (on the first run).`,
  );
  Deno.exit(0);
}
const workloads = values.hidden ?? WORKLOADS;
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error(`error: --repeat must be a positive integer, got "${values.repeat}"`);
  Deno.exit(2);
}
for (const hidden of workloads) {
  if (!/^[1-9][0-9]*(,[1-9][0-9]*)*$/.test(hidden)) {
    console.error(`error: --hidden must be widths like 128 or 512,256, got "${hidden}"`);
    Deno.exit(2);
  }
}
const peers = values.peers === "" ? [] : values.peers.split(",");
for (const peer of peers) {
  if (peer !== "numpy" && peer !== "torch") {
    console.error(`error: --peers takes numpy and torch, got "${peer}"`);
    Deno.exit(2);
  }
}

const here = (name: string) => new URL(`./${name}`, import.meta.url).pathname;

/** The last line of a failed command's stderr, for a skipped side's note. */
function lastLine(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).trim().split("\n").at(-1) ?? "";
}

/** Our side, as its own process under _max_rss.py (or bare, peak unknown, without python3). */
async function ours(hidden: string, inverted: boolean, profile: boolean): Promise<Side | string> {
  const args = [
    "run",
    "--allow-read",
    "--allow-env",
    here("_mlp_ours.ts"),
    "--hidden",
    hidden,
    ...(values.backend === undefined ? [] : ["--backend", values.backend]),
    ...(inverted ? ["--inverted"] : []),
    ...(profile ? ["--profile"] : []),
  ];
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("python3", {
      args: [here("_max_rss.py"), Deno.execPath(), ...args],
    })
      .output();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    output = await new Deno.Command(Deno.execPath(), { args }).output();
  }
  if (!output.success) return `failed (${lastLine(output.stderr)})`;
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  const side = JSON.parse(lines[0]) as Side;
  const rss = lines.find((line) => line.startsWith("maxRssMB "));
  side.peakMemoryMB = rss === undefined ? Number.NaN : Number(rss.split(" ")[1]);
  return side;
}

async function peer(framework: string, hidden: string, inverted: boolean): Promise<Side | string> {
  const script = new URL("./mlp_peer.py", import.meta.url).pathname;
  const dir = bundledMnistDir();
  // torch comes from Debian's python3-torch, for Debian's own python.
  const python = framework === "torch" ? "/usr/bin/python3" : "python3";
  const env: Record<string, string> = {};
  // Set on some processors for old OpenBLAS builds; they slow a current numpy.
  const clear = framework === "numpy" ? ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"] : [];
  for (const [key, value] of Object.entries(Deno.env.toObject())) {
    if (!clear.includes(key)) env[key] = value;
  }
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(python, {
      args: [
        script,
        framework,
        `${dir}/${IDX_FILES.trainImages}`,
        `${dir}/${IDX_FILES.trainLabels}`,
        `${dir}/${IDX_FILES.testImages}`,
        `${dir}/${IDX_FILES.testLabels}`,
        "--hidden",
        hidden,
        "--batch",
        String(BATCH),
        ...(inverted ? ["--inverted"] : []),
      ],
      env,
      clearEnv: true,
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return `no ${python}: skipped`;
    throw error;
  }
  if (!output.success) {
    const message = new TextDecoder().decode(output.stderr).trim().split("\n").at(-1);
    return `skipped (${message})`;
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

const inputs = values["skip-inverted"] ? [false] : [false, true];
console.log(
  `One epoch of SGD, batch ${BATCH}, lr 0.1, He init, 60,000 training images; accuracy on 10,000 test images`,
);
console.log(
  `(each side runs alone, as its own process, taking turns, best of ${repeat} runs; ratio = our time / theirs)\n`,
);
const columns = `${"s/epoch".padStart(9)}${"ratio".padStart(7)}${"test acc.".padStart(10)}${
  "peak mem".padStart(10)
}`;
console.log(
  `${"".padEnd(50)}${"MNIST".padStart(36)}${
    inputs.length > 1 ? `${"inverted (255 − x)".padStart(36)}${"inverted".padStart(10)}` : ""
  }`,
);
console.log(
  `${"net".padEnd(16)}${"implementation".padEnd(34)}${columns}${
    inputs.length > 1 ? `${columns}${"/ MNIST".padStart(10)}` : ""
  }`,
);
for (const hidden of workloads) {
  const name = `784-${hidden.replaceAll(",", "-")}-10`;
  /** Each side's best run, by side then input (plain, inverted). */
  const sides = new Map<string, (Side | string)[]>();
  const best = (a: Side | string | undefined, b: Side | string) =>
    a === undefined || typeof a === "string" || typeof b === "string"
      ? b
      : b.secondsPerEpoch < a.secondsPerEpoch
      ? b
      : a;
  const keep = (key: string, input: number, side: Side | string) => {
    const list = sides.get(key) ?? [];
    list[input] = best(list[input], side);
    sides.set(key, list);
  };
  for (let run = 0; run < repeat; run++) {
    for (const [input, inverted] of inputs.entries()) {
      for (const framework of peers) {
        keep(framework, input, await peer(framework, hidden, inverted));
      }
      const profile = values.profile === true && run === 0 && !inverted;
      const mine = await ours(hidden, inverted, profile);
      if (typeof mine !== "string" && profile) console.log(mine.profile!.join("\n"));
      keep("ours", input, mine);
    }
  }
  const mine = sides.get("ours")!;
  const cells = (side: Side | string, input: number, ratio: boolean) => {
    if (typeof side === "string") return side.padStart(36);
    const ourSide = mine[input];
    const r = ratio && typeof ourSide !== "string"
      ? (ourSide.secondsPerEpoch / side.secondsPerEpoch).toFixed(2)
      : "";
    return `${side.secondsPerEpoch.toFixed(3).padStart(9)}${r.padStart(7)}${
      side.testAccuracy.toFixed(4).padStart(10)
    }${`${side.peakMemoryMB.toFixed(0)} MB`.padStart(10)}`;
  };
  for (const [key, list] of sides) {
    const implementation = list.find((side): side is Side => typeof side !== "string")
      ?.implementation ?? key;
    const [plain, inverted] = list;
    const slower = inverted !== undefined && typeof plain !== "string" &&
        typeof inverted !== "string"
      ? `${(inverted.secondsPerEpoch / plain.secondsPerEpoch).toFixed(2)}x`.padStart(10)
      : "";
    console.log(
      `${name.padEnd(16)}${implementation.padEnd(34)}${
        list.map((side, input) => cells(side, input, key !== "ours")).join("")
      }${slower}`,
    );
  }
}
console.log(
  "\nratio: ours over that peer on the same input, measured in this run; below 1 means ours is faster",
);
console.log("peak mem: the side's process's peak resident memory (ru_maxrss)");
