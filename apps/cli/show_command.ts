import { probabilities } from "@simple-mnist/model";
import { createRegistry } from "./backends.ts";
import { UsageError } from "./errors.ts";
import { BACKEND_FLAG, type Flag, helpText, parseFlags } from "./flags.ts";
import { chooseBackend, loadSplits, netFor, readModel } from "./inputs.ts";
import { renderDigit } from "./render_digit.ts";

const FLAGS: readonly Flag[] = [
  {
    name: "index",
    type: "count",
    value: "N",
    description: "which image, counting from 0 (required)",
    allowZero: true,
  },
  {
    name: "data",
    type: "string",
    value: "PATH",
    description: "where the image comes from",
    shown: "the bundled MNIST",
  },
  {
    name: "set",
    type: "string",
    value: "NAME",
    description: "which split of --data",
    default: "train",
    choices: ["train", "test"],
  },
  {
    name: "model",
    type: "string",
    value: "PATH",
    description: "also show this model's prediction and probabilities",
  },
  BACKEND_FLAG,
];

/** `show`: the seed's test_prediction, drawn in the terminal. */
export async function showCommand(args: string[]): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) {
    console.log(helpText(
      "deno task show --index N [--data PATH] [--model PATH]",
      "Draws one image in the terminal with its label and, given a model, the prediction and\n" +
        "the probability of each digit (the seed's test_prediction).",
      FLAGS,
    ));
    return;
  }
  const index = flags.index as number | undefined;
  if (index === undefined) throw new UsageError("--index is required (see --help)");
  const splits = await loadSplits(flags.data as string | undefined);
  const data = flags.set === "test" ? splits.test : splits.train;
  if (data === undefined) {
    throw new UsageError(`--set test: ${splits.train.source} has no test split`);
  }
  if (index >= data.count) {
    throw new UsageError(
      `--index ${index} is out of range: the set holds images 0 to ${data.count - 1}`,
    );
  }
  const image = data.pixels.subarray(index * data.features, (index + 1) * data.features);
  console.log(renderDigit(image, data.width, data.height));
  console.log(`Image ${index} of ${data.source}`);
  console.log(`Label: ${data.labels === undefined ? "unknown" : data.labels[index]}`);
  const modelPath = flags.model as string | undefined;
  if (modelPath === undefined) return;
  const backend = chooseBackend(createRegistry(), flags.backend as string | undefined);
  const net = netFor(backend, await readModel(modelPath), data, modelPath);
  const p = await probabilities(net, data, index);
  net.dispose();
  const prediction = p.indexOf(Math.max(...p));
  console.log(`Prediction: ${prediction}`);
  p.forEach((value, digit) => {
    const bar = "█".repeat(Math.round(value * 30));
    console.log(`  ${digit}  ${value.toFixed(3)}  ${bar}`);
  });
}
