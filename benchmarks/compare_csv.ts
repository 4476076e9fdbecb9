// `deno task compare-csv`: loads a 42,000-row Kaggle CSV (made from the
// bundled MNIST) with our streaming decoder, with the npm package csv-parse
// and with numpy.loadtxt, each in a fresh process, and prints the times and
// peak memories.
import { limitRows, loadMnist, writeKaggleCsv } from "@simple-mnist/data";

const ROWS = 42_000;
const here = (name: string) => new URL(`./${name}`, import.meta.url).pathname;

interface Measured {
  seconds: number;
  rows: number;
  maxRssMB: number;
}

async function measure(command: string[]): Promise<Measured | string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("python3", { args: [here("_max_rss.py"), ...command] })
      .output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "no python3: cannot measure";
    throw error;
  }
  const text = new TextDecoder().decode(output.stdout).trim().split("\n");
  if (!output.success) {
    return `failed: ${new TextDecoder().decode(output.stderr).trim().split("\n").at(-1)}`;
  }
  const maxRssMB = Number(text.at(-1)!.split(" ")[1]);
  return { ...JSON.parse(text.at(-2)!), maxRssMB };
}

const dir = await Deno.makeTempDir({ prefix: "simple-mnist-csv-" });
try {
  const file = `${dir}/train.csv`;
  const { train } = await loadMnist();
  await writeKaggleCsv(file, limitRows(train, ROWS));
  const size = (await Deno.stat(file)).size / 2 ** 20;
  console.log(`Kaggle-style CSV: ${ROWS} rows x 785 columns, ${size.toFixed(1)} MB\n`);

  const ours = await measure([Deno.execPath(), "run", "--allow-read", here("_csv_read.ts"), file]);
  const csvParse = await measure([
    Deno.execPath(),
    "run",
    "--allow-read",
    here("_csv_parse.ts"),
    file,
  ]);
  const hasNumpy = (await new Deno.Command("python3", { args: ["-c", "import numpy"] }).output()
    .catch(() => ({ success: false }))).success;
  const theirs = hasNumpy
    ? await measure(["python3", here("_csv_loadtxt.py"), file])
    : "python3 with numpy not found: skipped";

  const line = (name: string, m: Measured | string) =>
    typeof m === "string"
      ? `${name.padEnd(28)}${m}`
      : `${name.padEnd(28)}${m.seconds.toFixed(2).padStart(8)} s ${
        m.maxRssMB.toFixed(0).padStart(8)
      } MB peak`;
  console.log(line("simple-mnist readKaggleCsv", ours));
  console.log(line("npm csv-parse (streaming)", csvParse));
  console.log(line("numpy.loadtxt (uint8)", theirs));
  if (typeof ours !== "string" && typeof theirs !== "string") {
    console.log(
      `\nnumpy.loadtxt / readKaggleCsv time: ${(theirs.seconds / ours.seconds).toFixed(1)}x`,
    );
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
