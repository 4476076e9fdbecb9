import { helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import type { Dataset } from "@simple-mnist/data";
import { setProbabilities } from "@simple-mnist/model";
import { createRegistry } from "./backends.ts";
import { BACKEND_FLAG, MODEL_FLAG } from "./common_flags.ts";
import { secondsSince } from "./context.ts";
import { chooseBackend, evaluationSet, loadSplits, netFor, readModelFile } from "./inputs.ts";
import { evaluationFor, flagRows, metadataRows, readHistory, writeReport } from "./report_files.ts";
import { architecture, firstLayerWeights } from "./report_model.ts";

const FLAGS = {
  model: MODEL_FLAG,
  data: text({
    description: "labelled data; its test split if it has one",
    shown: "the bundled MNIST test set",
  }),
  out: text({ description: "where to write the HTML report (required)", writes: true }),
  history: text({ description: "a CSV written by train --history: adds the training curves" }),
  backend: BACKEND_FLAG,
};

/** `report`: an HTML report of a saved model on labelled data. */
export async function reportCommand(args: string[]): Promise<void> {
  const parsed = parseFlags(args, FLAGS);
  const flags = parsed.values;
  if (parsed.help) {
    console.log(helpText(
      "deno task report --model PATH [--data PATH] [--history PATH] --out PATH.html",
      "Writes a self-contained HTML report of a saved model: its confusion matrix, per-digit\n" +
        "precision, recall and F1, first-layer weights and most confidently wrong images.\n" +
        "With --history (a CSV from train --history) it draws the training curves too.",
      FLAGS,
    ));
    return;
  }
  const { model: modelPath, out: outPath } = flags;
  if (modelPath === undefined) throw new UsageError("--model is required (see --help)");
  if (outPath === undefined) throw new UsageError("--out is required (see --help)");
  const backend = chooseBackend(createRegistry(), flags.backend);
  const start = performance.now();
  const history = flags.history === undefined ? undefined : await readHistory(flags.history);
  const file = await readModelFile(modelPath);
  const data: Dataset = evaluationSet(await loadSplits(flags.data));
  if (data.labels === undefined) {
    throw new Error(`Cannot report on ${data.source}: it has no labels (a "label" column)`);
  }
  const net = netFor(backend, file, data, modelPath);
  const probabilities = await setProbabilities(net, data);
  const firstLayer = await firstLayerWeights(net);
  const arch = architecture(net);
  net.dispose();
  const bytes = await writeReport(outPath, {
    title: `simple-mnist: ${modelPath}`,
    run: {
      facts: [
        ["Model file", modelPath],
        ["Architecture", arch],
        ["Evaluated on", `${data.source}, ${data.count} images`],
        ["Backend", backend.name],
        ["Evaluation time", `${secondsSince(start).toFixed(2)} s (loading included)`],
        ["Written", new Date().toISOString()],
      ],
      tables: [
        { head: ["flag", "value"], rows: flagRows(FLAGS, parsed) },
        { head: ["trained with", "value"], rows: metadataRows(file.metadata) },
      ],
    },
    history,
    evaluation: evaluationFor(data, data.source, probabilities),
    firstLayer,
  });
  console.log(`Wrote the report to ${outPath} (${(bytes / 1024).toFixed(0)} KiB)`);
}
