import { probabilities } from "@simple-mnist/model";
import { choice, count, helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import { createRegistry } from "./backends.ts";
import { BACKEND_FLAG } from "./common_flags.ts";
import { chooseBackend, loadSplits, netFor, readModelFile } from "./inputs.ts";
import { renderDigit } from "./render_digit.ts";

const FLAGS = {
  index: count({ description: "which image, counting from 0 (required)", allowZero: true }),
  data: text({ description: "where the image comes from", shown: "the bundled MNIST" }),
  set: choice(["train", "test"], { description: "which split of --data", default: "train" }),
  model: text({ description: "also show this model's prediction and probabilities" }),
  backend: BACKEND_FLAG,
};

/** `show`: the seed's test_prediction, drawn in the terminal. */
export async function showCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task show --index N [--data PATH] [--model PATH]",
      "Draws one image in the terminal with its label and, given a model, the prediction and\n" +
        "the probability of each digit (the seed's test_prediction).",
      FLAGS,
    ));
    return;
  }
  const index = flags.index;
  if (index === undefined) throw new UsageError("--index is required (see --help)");
  const splits = await loadSplits(flags.data);
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
  const modelPath = flags.model;
  if (modelPath === undefined) return;
  const backend = chooseBackend(createRegistry(), flags.backend);
  const net = netFor(backend, await readModelFile(modelPath), data, modelPath);
  const p = await probabilities(net, data, index);
  net.dispose();
  const prediction = p.indexOf(Math.max(...p));
  console.log(`Prediction: ${prediction}`);
  p.forEach((value, digit) => {
    const bar = "█".repeat(Math.round(value * 30));
    console.log(`  ${digit}  ${value.toFixed(3)}  ${bar}`);
  });
}
