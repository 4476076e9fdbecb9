import { helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import type { Dataset } from "@simple-mnist/data";
import { setProbabilities } from "@simple-mnist/model";
import { createRegistry } from "./backends.ts";
import { BACKEND_FLAG, MODEL_FLAG } from "./common_flags.ts";
import { secondsSince } from "./context.ts";
import { chooseBackend, evaluationSet, loadSplits, netFor, readModelFile } from "./inputs.ts";
import {
  evaluationFor,
  flagRows,
  metadataTables,
  readHistory,
  writeReport,
} from "./report_files.ts";
import { architecture, convolutionFor, firstLayerWeights } from "./report_model.ts";
import { augmentedSamples } from "./train_report.ts";

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
      "Writes a self-contained HTML report of a saved model: how it was trained, its confusion\n" +
        "matrix, per-digit precision, recall and F1, first-layer weights (for a conv net, its\n" +
        "filters and one digit's feature maps), most confidently wrong images and, for a model\n" +
        "trained with --augment, augmented training images.\n" +
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
  const splits = await loadSplits(flags.data);
  const data: Dataset = evaluationSet(splits);
  if (data.labels === undefined) {
    throw new Error(`Cannot report on ${data.source}: it has no labels (a "label" column)`);
  }
  const net = netFor(backend, file, data, modelPath);
  const probabilities = await setProbabilities(net, data);
  const firstLayer = await firstLayerWeights(net);
  const evaluation = evaluationFor(data, data.source, probabilities);
  const convolution = await convolutionFor(net, evaluation);
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
      tables: [{ title: "Flags", rows: flagRows(FLAGS, parsed) }, ...metadataTables(file.metadata)],
    },
    history,
    evaluation,
    firstLayer,
    convolution,
    augmented: recordedAugmentation(file.metadata, splits.train),
  });
  console.log(`Wrote the report to ${outPath} (${(bytes / 1024).toFixed(0)} KiB)`);
}

/**
 * The augmented-samples section's images for a model that records an
 * augmentation (`augment` in its metadata, other than `none`): the first
 * training images of `--data`, drawn with the recorded `seed`.
 */
function recordedAugmentation(metadata: Readonly<Record<string, unknown>>, train: Dataset) {
  const { augment, seed } = metadata;
  if (typeof augment !== "string") return undefined;
  return augmentedSamples(augment, train, typeof seed === "number" ? seed : 0);
}
