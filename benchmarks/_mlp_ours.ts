// Our side of `deno task compare-mlp`, run as its own process (under
// _max_rss.py) so that its peak resident memory is its own: one epoch of
// mini-batch SGD (batch 128, lr 0.1, He init) on the 60,000 MNIST training
// images, or on them inverted (255 − x, a dense input), then accuracy on
// the 10,000 test images (inverted alike). Prints one JSON line.
//
// Usage: deno run --allow-read --allow-env benchmarks/_mlp_ours.ts --hidden 128
//        [--backend NAME] [--inverted] [--profile] [--threads 1|2 (wasm)]
import { parseArgs } from "node:util";
import type { Dataset } from "@simple-mnist/data";
import { loadMnist } from "@simple-mnist/data";
import { evaluate, mlp, Sequential, Trainer } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { createRegistry } from "../apps/cli/backends.ts";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { profiled } from "./_op_profile.ts";

const BATCH = 128;
const { values } = parseArgs({
  args: Deno.args,
  options: {
    backend: { type: "string" },
    hidden: { type: "string", default: "128" },
    inverted: { type: "boolean" },
    profile: { type: "boolean" },
    threads: { type: "string" },
  },
});

/** The set with every pixel p as 255 − p: MNIST's 81% zeros become 81% 255s. */
function inverted(set: Dataset): Dataset {
  return { ...set, pixels: set.pixels.map((p) => 255 - p) };
}

const data = await loadMnist();
const train = values.inverted ? inverted(data.train) : data.train;
const test = values.inverted ? inverted(data.test!) : data.test!;
const registry = createRegistry();
const name = values.backend ?? registry.list()[0];
const backend = values.threads !== undefined && name === "wasm"
  ? new WasmBackend({ threads: Number(values.threads) as 1 | 2 })
  : registry.get(name);
const widths = values.hidden.split(",").map(Number);
const prng = seededPrng(0);
const run = values.profile ? profiled(backend) : { backend, times: () => [] };
const net = new Sequential(run.backend, mlp([784, ...widths, 10], "relu"), { prng, init: "he" });
const start = performance.now();
const trainer = new Trainer(net, train, { batchSize: BATCH, prng, learningRate: 0.1 });
await trainer.fit({ epochs: 1 });
trainer.dispose();
const seconds = (performance.now() - start) / 1000;
const profile: string[] = [];
if (values.profile) {
  const times = run.times();
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  profile.push(
    `  where our epoch went (784-${values.hidden}-10, ${(1000 * seconds).toFixed(0)} ms):`,
  );
  for (const t of times.filter((t) => t.ms >= 1)) {
    profile.push(
      `    ${t.key.padEnd(44)} ${t.ms.toFixed(1).padStart(8)} ms ${
        (1000 * t.ms / t.calls).toFixed(1).padStart(8)
      } µs/call`,
    );
  }
  profile.push(
    `    ${"outside the backend (batch gathering, JS)".padEnd(44)} ${
      (1000 * seconds - total).toFixed(1).padStart(8)
    } ms`,
  );
}
const testAccuracy = (await evaluate(net, test)).accuracy;
(backend as { close?: () => void }).close?.();
console.log(JSON.stringify({
  implementation: `simple-mnist ${backend.name}`,
  secondsPerEpoch: seconds,
  testAccuracy,
  profile,
}));
