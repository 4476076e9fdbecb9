// `deno task compare`: the seed's configuration (784-10-10, uniform init,
// lr 0.1, full batch, 500 iterations, 41,000 training and 1,000 dev images)
// trained here and by the seed's NumPy code on the same MNIST files; prints
// both times, both accuracies and the ratio.
import { parseArgs } from "node:util";
import { bundledMnistDir, IDX_FILES, limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { evaluate, mlp, Sequential, Trainer } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { createRegistry } from "../apps/cli/backends.ts";
import { PeakMemory } from "./_peak_memory.ts";

interface Side {
  implementation: string;
  /** The iterations alone. */
  trainSeconds: number;
  /** Preparing the data before the first iteration (NumPy: reading it and dividing by 255). */
  setupSeconds: number;
  msPerIteration: number;
  trainAccuracy: number;
  devAccuracy: number;
  peakMemoryMB: number;
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    iterations: { type: "string", default: "500" },
    backend: { type: "string" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(`Usage: deno task compare [--iterations N] [--backend NAME]

Trains the seed's configuration (784-10-10, uniform init, lr 0.1, full batch, 41,000 training
and 1,000 dev images from the bundled MNIST) with one of our backends (default: the fastest)
and with the seed's NumPy code (benchmarks/seed_numpy.py, if python3 with numpy is present),
then prints both times, both accuracies and the ratio.`);
  Deno.exit(0);
}
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 1) {
  console.error(`error: --iterations must be a positive integer, got "${values.iterations}"`);
  Deno.exit(2);
}

async function ours(): Promise<Side> {
  const registry = createRegistry();
  const backend = registry.get(values.backend ?? registry.list()[0]);
  const prng = seededPrng(0);
  const { train: all } = await loadMnist();
  const { train: fit, dev } = splitDev(limitRows(all, 42_000), 1000, prng);
  const net = new Sequential(backend, mlp([784, 10, 10], "relu"), { prng });
  const memory = new PeakMemory();
  const start = performance.now();
  const trainer = new Trainer(net, fit, {
    learningRate: 0.1,
    callbacks: [{ onEpochEnd: () => memory.sample() }],
  });
  await trainer.fit({ epochs: iterations });
  const { setupSeconds } = trainer;
  trainer.dispose();
  // Like the NumPy side's, the training time leaves out the data's preparation
  // (here the upload into the backend, which also indexes the nonzeros).
  const trainSeconds = (performance.now() - start) / 1000 - setupSeconds;
  const result = {
    implementation: `simple-mnist ${backend.name}`,
    trainSeconds,
    setupSeconds,
    msPerIteration: (1000 * trainSeconds) / iterations,
    trainAccuracy: (await evaluate(net, fit)).accuracy,
    devAccuracy: (await evaluate(net, dev)).accuracy,
    peakMemoryMB: memory.megabytes,
  };
  (backend as { close?: () => void }).close?.();
  return result;
}

async function numpy(): Promise<Side | string> {
  const script = new URL("./seed_numpy.py", import.meta.url).pathname;
  const dir = bundledMnistDir();
  let output: Deno.CommandOutput;
  try {
    const check = await new Deno.Command("python3", { args: ["-c", "import numpy"] }).output();
    if (!check.success) return "python3 has no numpy: skipped the NumPy side";
    output = await new Deno.Command("python3", {
      args: [
        script,
        `${dir}/${IDX_FILES.trainImages}`,
        `${dir}/${IDX_FILES.trainLabels}`,
        "--iterations",
        String(iterations),
      ],
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "no python3: skipped the NumPy side";
    throw error;
  }
  if (!output.success) {
    return `the NumPy side failed: ${new TextDecoder().decode(output.stderr).trim()}`;
  }
  const side = JSON.parse(new TextDecoder().decode(output.stdout));
  return { ...side, setupSeconds: side.loadSeconds };
}

function row(side: Side): string {
  return [
    side.implementation.padEnd(24),
    `${side.trainSeconds.toFixed(2)} s`.padStart(10),
    `${side.setupSeconds.toFixed(2)} s`.padStart(8),
    `${side.msPerIteration.toFixed(1)} ms`.padStart(10),
    side.trainAccuracy.toFixed(3).padStart(6),
    side.devAccuracy.toFixed(3).padStart(6),
    `${side.peakMemoryMB.toFixed(0)} MB`.padStart(8),
  ].join("  ");
}

console.log(`Seed configuration, ${iterations} iterations, 41,000 training + 1,000 dev images`);
console.log("(training the NumPy side first, then ours; each runs alone)\n");
const theirs = await numpy();
const mine = await ours();
console.log(
  `${"implementation".padEnd(24)}  ${"train time".padStart(10)}  ${"setup".padStart(8)}  ${
    "per iter".padStart(10)
  }  ${"train".padStart(6)}  ${"dev".padStart(6)}  ${"peak mem".padStart(8)}`,
);
if (typeof theirs !== "string") console.log(row(theirs));
console.log(row(mine));
if (typeof theirs === "string") {
  console.log(`\n${theirs}`);
} else {
  const ratio = mine.trainSeconds / theirs.trainSeconds;
  const withSetup = (mine.trainSeconds + mine.setupSeconds) / theirs.trainSeconds;
  console.log(
    `\nratio ours/numpy: ${ratio.toFixed(3)} (${
      ratio < 1 ? `${(1 / ratio).toFixed(2)}x faster` : `${ratio.toFixed(2)}x slower`
    } than the seed's NumPy code), training time against training time;`,
  );
  console.log(`with our setup added to our side only: ${withSetup.toFixed(3)}`);
  console.log(
    "(train time: the iterations alone; setup: preparing the data before them, which NumPy's timing leaves out)",
  );
}
