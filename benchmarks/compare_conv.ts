// `deno task compare-conv`: one epoch of `--preset conv`'s net (conv 5x5x16,
// ReLU, max-pool 2, conv 5x5x32, ReLU, max-pool 2, dense 10; He init, Adam at
// lr 0.002, batch 128, no augmentation) trained here and by PyTorch
// (benchmarks/conv_peer.py) on one and on two threads, on the bundled MNIST;
// prints each side's time per epoch, the ratios, test accuracy and peak memory.
import { parseArgs } from "node:util";
import type { Backend } from "@simple-mnist/backend";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { bundledMnistDir, IDX_FILES, loadMnist } from "@simple-mnist/data";
import {
  createOptimizer,
  evaluate,
  parseLayerList,
  Sequential,
  Trainer,
} from "@simple-mnist/model";
import { PRESETS } from "@simple-mnist/recipe";
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

const NET = PRESETS.conv.layerSpec!;
const BATCH = 128;
const LEARNING_RATE = 0.002;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    backend: { type: "string" },
    threads: { type: "string", default: "1,2" },
    peers: { type: "string", default: "1,2" },
    profile: { type: "boolean" },
    repeat: { type: "string", default: "1" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(
    `Usage: deno task compare-conv [--backend NAME] [--threads 1,2] [--peers 1,2] [--repeat 1]
                             [--profile]

Trains one epoch of --preset conv's net (${NET}; He init, Adam at lr ${LEARNING_RATE}, batch
${BATCH}, no augmentation, no schedule) on the 60,000 MNIST training images, here and with PyTorch
(Debian's python3-torch under /usr/bin/python3; skipped with a note where it is missing), and prints
each side's time per epoch, our time over PyTorch's one-thread and two-thread epochs, accuracy on the
10,000 test images, and peak memory (PyTorch's ru_maxrss; ours the largest resident size sampled
after the epoch and after the evaluation). --threads: the wasm backend's kernel threads to run
(1 or 2, default 1,2; another --backend runs once, as it comes); --peers: PyTorch's thread counts (default
1,2; "" for none). Each side runs --repeat times (default 1), taking turns, and keeps its best time.
--profile also prints where our epoch's time went, by op and shape (on the first run).`,
  );
  Deno.exit(0);
}
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error(`error: --repeat must be a positive integer, got "${values.repeat}"`);
  Deno.exit(2);
}
const counts = (text: string, flag: string): number[] => {
  if (text === "") return [];
  const list = text.split(",").map(Number);
  if (!list.every((n) => Number.isInteger(n) && n >= 1 && (flag === "--peers" || n <= 2))) {
    console.error(`error: ${flag} must be thread counts like 1,2, got "${text}"`);
    Deno.exit(2);
  }
  return list;
};
const peerThreads = counts(values.peers, "--peers");
const ourThreads = counts(values.threads, "--threads");

const data = await loadMnist();
const test = data.test!;

/** Our backends to run: wasm at each thread count, or the named backend once. */
function ourBackends(): Backend[] {
  if (values.backend !== undefined && values.backend !== "wasm") {
    return [createRegistry().get(values.backend)];
  }
  return ourThreads.map((threads) => new WasmBackend({ threads: threads === 1 ? 1 : 2 }));
}

async function ours(backend: Backend, label: string, first: boolean): Promise<Side> {
  const prng = seededPrng(0);
  const profile = values.profile && first;
  const run = profile ? profiled(backend) : { backend, times: () => [] };
  const { input, layers } = parseLayerList(NET, data.train);
  const net = new Sequential(run.backend, layers, { input, prng, init: "he" });
  const optimizer = createOptimizer(run.backend, "adam");
  const memory = new PeakMemory();
  const start = performance.now();
  const trainer = new Trainer(net, data.train, {
    batchSize: BATCH,
    prng,
    optimizer,
    learningRate: LEARNING_RATE,
    callbacks: [{ onEpochEnd: () => memory.sample() }],
  });
  await trainer.fit({ epochs: 1 });
  trainer.dispose();
  const seconds = (performance.now() - start) / 1000;
  if (profile) {
    const times = run.times();
    const total = times.reduce((sum, t) => sum + t.ms, 0);
    console.log(`  where our epoch went (${label}, ${(1000 * seconds).toFixed(0)} ms):`);
    for (const t of times.filter((t) => t.ms >= 5)) {
      console.log(
        `    ${t.key.padEnd(52)} ${t.ms.toFixed(0).padStart(7)} ms ${
          (100 * t.ms / (1000 * seconds)).toFixed(1).padStart(5)
        }% ${(1000 * t.ms / t.calls).toFixed(0).padStart(8)} µs/call`,
      );
    }
    console.log(
      `    ${"outside the backend (batches, the optimizer's JS)".padEnd(52)} ${
        (1000 * seconds - total).toFixed(0).padStart(7)
      } ms`,
    );
  }
  const testAccuracy = (await evaluate(net, test)).accuracy;
  memory.sample();
  optimizer.dispose();
  net.dispose();
  return {
    implementation: `simple-mnist ${label}`,
    secondsPerEpoch: seconds,
    testAccuracy,
    peakMemoryMB: memory.megabytes,
  };
}

async function peer(threads: number): Promise<Side | string> {
  const script = new URL("./conv_peer.py", import.meta.url).pathname;
  const dir = bundledMnistDir();
  let output: Deno.CommandOutput;
  try {
    // torch comes from Debian's python3-torch, for Debian's own python.
    output = await new Deno.Command("/usr/bin/python3", {
      args: [
        script,
        `${dir}/${IDX_FILES.trainImages}`,
        `${dir}/${IDX_FILES.trainLabels}`,
        `${dir}/${IDX_FILES.testImages}`,
        `${dir}/${IDX_FILES.testLabels}`,
        "--threads",
        String(threads),
        "--batch",
        String(BATCH),
        "--lr",
        String(LEARNING_RATE),
      ],
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "no /usr/bin/python3: skipped";
    throw error;
  }
  if (!output.success) {
    const message = new TextDecoder().decode(output.stderr).trim().split("\n").at(-1);
    return `skipped (${message})`;
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

const best = (a: Side | string | undefined, b: Side | string): Side | string =>
  a === undefined || typeof a === "string" || typeof b === "string"
    ? b
    : b.secondsPerEpoch < a.secondsPerEpoch
    ? b
    : a;

const backends = ourBackends();
const label = (backend: Backend, i: number) =>
  backend instanceof WasmBackend
    ? `wasm, ${ourThreads[i]} thread${ourThreads[i] > 1 ? "s" : ""}`
    : backend.name;
console.log(
  `One epoch of ${NET}: He init, Adam lr ${LEARNING_RATE}, batch ${BATCH}, no augmentation; 60,000 training images, accuracy on 10,000 test images`,
);
console.log(
  `(each side runs alone, taking turns, best of ${repeat} run${
    repeat > 1 ? "s" : ""
  }; load average at the start ${Deno.loadavg().map((l) => l.toFixed(2)).join(", ")})\n`,
);
const theirs = new Map<number, Side | string>();
const mine = new Map<string, Side | string>();
try {
  for (let run = 0; run < repeat; run++) {
    for (const threads of peerThreads) {
      theirs.set(threads, best(theirs.get(threads), await peer(threads)));
    }
    for (const [i, backend] of backends.entries()) {
      const name = label(backend, i);
      mine.set(name, best(mine.get(name), await ours(backend, name, run === 0)));
    }
  }
} finally {
  for (const backend of backends) (backend as { close?: () => void }).close?.();
}
const header = `${"implementation".padEnd(36)}${"s/epoch".padStart(9)}${
  peerThreads.map((t) => `÷ torch ${t}t`.padStart(12)).join("")
}${"test acc.".padStart(11)}${"peak mem".padStart(10)}`;
console.log(header);
const line = (side: Side, ratios: string[]) =>
  `${side.implementation.padEnd(36)}${side.secondsPerEpoch.toFixed(2).padStart(9)}${
    ratios.map((r) => r.padStart(12)).join("")
  }${side.testAccuracy.toFixed(4).padStart(11)}${
    `${side.peakMemoryMB.toFixed(0)} MB`.padStart(10)
  }`;
for (const [threads, side] of theirs) {
  if (typeof side === "string") {
    console.log(`pytorch (${threads} thread${threads > 1 ? "s" : ""}): ${side}`);
  } else console.log(line(side, peerThreads.map(() => "")));
}
for (const [name, side] of mine) {
  if (typeof side === "string") {
    console.log(`${name}: ${side}`);
    continue;
  }
  const ratios = peerThreads.map((t) => {
    const peerSide = theirs.get(t);
    return typeof peerSide === "object"
      ? (side.secondsPerEpoch / peerSide.secondsPerEpoch).toFixed(2)
      : "";
  });
  console.log(line(side, ratios));
}
console.log(
  "\n÷ torch Nt: our time over PyTorch's on N threads, measured in this run; below 1 is faster",
);
