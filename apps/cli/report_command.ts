import type { Dataset } from "@simple-mnist/data";
import { createRegistry } from "./backends.ts";
import { secondsSince } from "./context.ts";
import { UsageError } from "./errors.ts";
import { BACKEND_FLAG, type Flag, helpText, MODEL_FLAG, parseFlags } from "./flags.ts";
import { chooseBackend, evaluationSet, loadSplits, netFor, readModelFile } from "./inputs.ts";
import { evaluationFor, flagRows, metadataRows, readHistory, writeReport } from "./report_files.ts";
import { architecture, firstLayerWeights, setProbabilities } from "./report_model.ts";

const FLAGS: readonly Flag[] = [
  MODEL_FLAG,
  {
    name: "data",
    type: "string",
    value: "PATH",
    description: "labelled data; its test split if it has one",
    shown: "the bundled MNIST test set",
  },
  {
    name: "out",
    type: "string",
    value: "PATH",
    description: "where to write the HTML report (required)",
    writes: true,
  },
  {
    name: "history",
    type: "string",
    value: "PATH",
    description: "a CSV written by train --history: adds the training curves",
  },
  BACKEND_FLAG,
];

/** `report`: an HTML report of a saved model on labelled data. */
export async function reportCommand(args: string[]): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) {
    console.log(helpText(
      "deno task report --model PATH [--data PATH] [--history PATH] --out PATH.html",
      "Writes a self-contained HTML report of a saved model: its confusion matrix, per-digit\n" +
        "precision, recall and F1, first-layer weights and most confidently wrong images.\n" +
        "With --history (a CSV from train --history) it draws the training curves too.",
      FLAGS,
    ));
    return;
  }
  for (const name of ["model", "out"]) {
    if (flags[name] === undefined) throw new UsageError(`--${name} is required (see --help)`);
  }
  const modelPath = flags.model as string;
  const outPath = flags.out as string;
  const backend = chooseBackend(createRegistry(), flags.backend as string | undefined);
  const start = performance.now();
  const historyPath = flags.history as string | undefined;
  const history = historyPath === undefined ? undefined : await readHistory(historyPath);
  const file = await readModelFile(modelPath);
  const weights = file.weights;
  const data: Dataset = evaluationSet(await loadSplits(flags.data as string | undefined));
  if (data.labels === undefined) {
    throw new Error(`Cannot report on ${data.source}: it has no labels (a "label" column)`);
  }
  const net = netFor(backend, weights, data, modelPath);
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
        { head: ["flag", "value"], rows: flagRows(FLAGS, flags, args) },
        { head: ["trained with", "value"], rows: metadataRows(file.metadata) },
      ],
    },
    history,
    evaluation: evaluationFor(data, data.source, probabilities),
    firstLayer,
  });
  console.log(`Wrote the report to ${outPath} (${(bytes / 1024).toFixed(0)} KiB)`);
}
