import { writeSubmissionCsv } from "@simple-mnist/data";
import { predict } from "@simple-mnist/model";
import { createRegistry } from "./backends.ts";
import { UsageError } from "./errors.ts";
import { BACKEND_FLAG, type Flag, helpText, MODEL_FLAG, parseFlags } from "./flags.ts";
import { chooseBackend, evaluationSet, loadSplits, netFor, readModel } from "./inputs.ts";

const FLAGS: readonly Flag[] = [
  MODEL_FLAG,
  {
    name: "data",
    type: "string",
    value: "PATH",
    description: "images to classify, e.g. Kaggle's test.csv (required)",
  },
  {
    name: "out",
    type: "string",
    value: "PATH",
    description: "where to write the submission CSV (required)",
    writes: true,
  },
  BACKEND_FLAG,
];

/** `predict`: writes a Kaggle submission (`ImageId,Label`). */
export async function predictCommand(args: string[]): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) {
    console.log(helpText(
      "deno task predict --model PATH --data PATH --out PATH",
      "Classifies every image of --data (its test split if it has one) and writes a Kaggle\n" +
        "submission CSV (ImageId,Label; ImageId from 1). The file appears only when complete.",
      FLAGS,
    ));
    return;
  }
  for (const name of ["model", "data", "out"]) {
    if (flags[name] === undefined) throw new UsageError(`--${name} is required (see --help)`);
  }
  const modelPath = flags.model as string;
  const outPath = flags.out as string;
  const backend = chooseBackend(createRegistry(), flags.backend as string | undefined);
  const weights = await readModel(modelPath);
  const data = evaluationSet(await loadSplits(flags.data as string));
  const net = netFor(backend, weights, data, modelPath);
  const predictions = await predict(net, data);
  net.dispose();
  await writeSubmissionCsv(outPath, predictions);
  console.log(`Wrote ${predictions.length} predictions to ${outPath}`);
}
