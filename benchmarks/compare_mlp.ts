// `deno task compare-mlp`: one epoch of mini-batch SGD (batch 128, lr 0.1,
// He init) on MLPs of several widths, trained here and by NumPy and PyTorch
// (benchmarks/mlp_peer.py) on the bundled MNIST; prints each side's time per
// epoch, the ratios and the test accuracies.
import { parseArgs } from "node:util";
import type { Backend } from "@simple-mnist/backend";
import { bundledMnistDir, IDX_FILES, loadMnist } from "@simple-mnist/data";
import { evaluate, mlp, Sequential, Trainer } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { createRegistry } from "../apps/cli/backends.ts";
import { profiled } from "./_op_profile.ts";
import { PeakMemory } from "./_peak_memory.ts";

interface Side {
  implementation: string;
  secondsPerEpoch: number;
  testAccuracy: number;
  peakMemoryMB: number;
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
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(
    `Usage: deno task compare-mlp [--backend NAME] [--hidden 128 ...] [--peers numpy,torch]
                            [--repeat 3] [--profile]

For each net (default: 784-128-10, 784-512-10, 784-512-256-10; --hidden 512,256 picks one), trains
one epoch of mini-batch SGD (batch ${BATCH}, lr 0.1, He init) on the 60,000 MNIST training images
with one of our backends (default: the fastest), with NumPy and with PyTorch (one thread), and
prints each side's time per epoch, our time over theirs, and accuracy on the 10,000 test images.
Each side runs --repeat times (default 3), taking turns, and keeps its best time: on a shared
machine the best run is the least disturbed one. --profile also prints where our epoch's time
went, by op and shape (on the first run).`,
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

const data = await loadMnist();
const test = data.test!;

async function ours(backend: Backend, hidden: string, first: boolean): Promise<Side> {
  const widths = hidden.split(",").map(Number);
  const prng = seededPrng(0);
  const profile = values.profile && first;
  const run = profile ? profiled(backend) : { backend, times: () => [] };
  const net = new Sequential(run.backend, mlp([784, ...widths, 10], "relu"), {
    prng,
    init: "he",
  });
  const memory = new PeakMemory();
  const start = performance.now();
  const trainer = new Trainer(net, data.train, {
    batchSize: BATCH,
    prng,
    learningRate: 0.1,
    callbacks: [{ onEpochEnd: () => memory.sample() }],
  });
  await trainer.fit({ epochs: 1 });
  trainer.dispose();
  const seconds = (performance.now() - start) / 1000;
  if (profile) {
    const times = run.times();
    const total = times.reduce((sum, t) => sum + t.ms, 0);
    console.log(`  where our epoch went (784-${hidden}-10, ${(1000 * seconds).toFixed(0)} ms):`);
    for (const t of times.filter((t) => t.ms >= 1)) {
      console.log(
        `    ${t.key.padEnd(44)} ${t.ms.toFixed(1).padStart(8)} ms ${
          (1000 * t.ms / t.calls).toFixed(1).padStart(8)
        } µs/call`,
      );
    }
    console.log(
      `    ${"outside the backend (batch gathering, JS)".padEnd(44)} ${
        (1000 * seconds - total).toFixed(1).padStart(8)
      } ms`,
    );
  }
  const testAccuracy = (await evaluate(net, test)).accuracy;
  return {
    implementation: `simple-mnist ${backend.name}`,
    secondsPerEpoch: seconds,
    testAccuracy,
    peakMemoryMB: memory.megabytes,
  };
}

async function peer(framework: string, hidden: string): Promise<Side | string> {
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

const registry = createRegistry();
const backend = registry.get(values.backend ?? registry.list()[0]);
console.log(
  `One epoch of SGD, batch ${BATCH}, lr 0.1, He init, 60,000 training images; accuracy on 10,000 test images`,
);
console.log(
  `(each side runs alone, taking turns, best of ${repeat} runs; ratio = our time / theirs)\n`,
);
const header = `${"net".padEnd(16)}${"implementation".padEnd(34)}${"s/epoch".padStart(9)}${
  "ratio".padStart(8)
}${"test acc.".padStart(11)}${"peak mem".padStart(10)}`;
console.log(header);
try {
  for (const hidden of workloads) {
    const name = `784-${hidden.replaceAll(",", "-")}-10`;
    const theirs = new Map<string, Side | string>();
    let mine: Side | string = "";
    const best = (a: Side | string | undefined, b: Side | string) =>
      a === undefined || typeof a === "string" || typeof b === "string"
        ? b
        : b.secondsPerEpoch < a.secondsPerEpoch
        ? b
        : a;
    for (let run = 0; run < repeat; run++) {
      for (const framework of peers) {
        theirs.set(framework, best(theirs.get(framework), await peer(framework, hidden)));
      }
      mine = best(run === 0 ? undefined : mine, await ours(backend, hidden, run === 0));
    }
    const line = (side: Side, ratio: string) =>
      `${name.padEnd(16)}${side.implementation.padEnd(34)}${
        side.secondsPerEpoch.toFixed(3).padStart(9)
      }${ratio.padStart(8)}${side.testAccuracy.toFixed(4).padStart(11)}${
        `${side.peakMemoryMB.toFixed(0)} MB`.padStart(10)
      }`;
    for (const [framework, side] of theirs) {
      if (typeof side === "string") console.log(`${name.padEnd(16)}${framework}: ${side}`);
      else {
        const ratio = typeof mine === "string" ? "" : (mine.secondsPerEpoch / side.secondsPerEpoch)
          .toFixed(2);
        console.log(line(side, ratio));
      }
    }
    if (typeof mine === "string") console.log(`${name.padEnd(16)}${backend.name}: ${mine}`);
    else console.log(line(mine, ""));
  }
} finally {
  (backend as { close?: () => void }).close?.();
}
console.log(
  "\nratio: ours over that peer, measured in this run; below 1 means ours is faster",
);
