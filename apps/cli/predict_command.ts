import { writeSubmissionCsv } from "@simple-mnist/data";
import { predict } from "@simple-mnist/model";
import { helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import { createRegistry } from "./backends.ts";
import { BACKEND_FLAG, MODEL_FLAG } from "./common_flags.ts";
import { chooseBackend, evaluationSet, loadSplits, netFor, readModelFile } from "./inputs.ts";

const FLAGS = {
  model: MODEL_FLAG,
  data: text({ description: "images to classify, e.g. Kaggle's test.csv (required)" }),
  out: text({ description: "where to write the submission CSV (required)", writes: true }),
  backend: BACKEND_FLAG,
};

/** `predict`: writes a Kaggle submission (`ImageId,Label`). */
export async function predictCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task predict --model PATH --data PATH --out PATH",
      "Classifies every image of --data (its test split if it has one) and writes a Kaggle\n" +
        "submission CSV (ImageId,Label; ImageId from 1). The file appears only when complete.",
      FLAGS,
    ));
    return;
  }
  const { model: modelPath, data: dataPath, out: outPath } = flags;
  if (modelPath === undefined) throw new UsageError("--model is required (see --help)");
  if (dataPath === undefined) throw new UsageError("--data is required (see --help)");
  if (outPath === undefined) throw new UsageError("--out is required (see --help)");
  const backend = chooseBackend(createRegistry(), flags.backend);
  const file = await readModelFile(modelPath);
  const data = evaluationSet(await loadSplits(dataPath));
  const net = netFor(backend, file, data, modelPath);
  const predictions = await predict(net, data);
  net.dispose();
  await writeSubmissionCsv(outPath, predictions);
  console.log(`Wrote ${predictions.length} predictions to ${outPath}`);
}
