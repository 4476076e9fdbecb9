// Loading data: a Kaggle CSV of 42,000 rows (the seed's train.csv size), the
// bundled IDX files, and the same gzip-compressed. Files are written once,
// outside the timed code.
import {
  bundledMnistDir,
  IDX_FILES,
  limitRows,
  loadMnist,
  readIdxDirectory,
  readKaggleCsv,
  writeKaggleCsv,
} from "@simple-mnist/data";
import { QUICK } from "./_workload.ts";

const ROWS = QUICK ? 2000 : 42_000;
const dir = await Deno.makeTempDir({ prefix: "simple-mnist-bench-" });
const { train } = await loadMnist();
await writeKaggleCsv(`${dir}/train.csv`, limitRows(train, ROWS));

const gzDir = `${dir}/gz`;
await Deno.mkdir(gzDir);
for (const name of Object.values(IDX_FILES)) {
  const source = await Deno.open(`${bundledMnistDir()}/${name}`);
  await source.readable.pipeThrough(new CompressionStream("gzip"))
    .pipeTo((await Deno.create(`${gzDir}/${name}.gz`)).writable);
}

Deno.bench({
  group: "load",
  name: `Kaggle CSV, ${ROWS} rows`,
  baseline: true,
  n: QUICK ? 2 : 5,
  warmup: 1,
  fn: async () => {
    await readKaggleCsv(`${dir}/train.csv`);
  },
});
Deno.bench({
  group: "load",
  name: "IDX directory (70,000 images)",
  n: QUICK ? 2 : 10,
  fn: async () => {
    await readIdxDirectory(bundledMnistDir());
  },
});
Deno.bench({
  group: "load",
  name: "IDX.gz directory (70,000 images)",
  n: QUICK ? 2 : 5,
  fn: async () => {
    await readIdxDirectory(gzDir);
  },
});
Deno.bench({
  group: "load",
  name: "bundled MNIST with SHA-256 checks",
  n: QUICK ? 2 : 10,
  fn: async () => {
    await loadMnist();
  },
});

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
