import { type Dataset, loadMnist, writeKaggleCsv } from "@simple-mnist/data";
import { helpText, parseFlags, text } from "@simple-mnist/command";

const FLAGS = {
  "out-dir": text({
    value: "DIR",
    description: "where train.csv and test.csv go",
    default: "data",
  }),
};

/** `export-data`: writes the bundled MNIST as Kaggle-style train.csv and test.csv. */
export async function exportDataCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task export-data [--out-dir DIR]",
      "Writes the bundled MNIST as Kaggle digit-recognizer CSVs: train.csv (label,pixel0..783;\n" +
        "60,000 rows) and test.csv (pixels only; 10,000 rows), so the seed's own steps can be followed.",
      FLAGS,
    ));
    return;
  }
  const dir = flags["out-dir"];
  const { train, test } = await loadMnist();
  const unlabelled: Dataset = { ...test!, labels: undefined };
  await Deno.mkdir(dir, { recursive: true });
  await writeKaggleCsv(`${dir}/train.csv`, train);
  console.log(`Wrote ${train.count} labelled images to ${dir}/train.csv`);
  await writeKaggleCsv(`${dir}/test.csv`, unlabelled);
  console.log(`Wrote ${test!.count} unlabelled images to ${dir}/test.csv`);
}
