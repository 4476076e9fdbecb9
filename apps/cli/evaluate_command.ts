import { boolean, helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import { classReports, evaluate } from "@simple-mnist/model";
import { formatNumber as fixed } from "@simple-mnist/report";
import { createRegistry } from "./backends.ts";
import { BACKEND_FLAG, MODEL_FLAG } from "./common_flags.ts";
import { jsonNumber } from "./context.ts";
import { chooseBackend, evaluationSet, loadSplits, netFor, readModelFile } from "./inputs.ts";

const FLAGS = {
  model: MODEL_FLAG,
  data: text({
    description: "labelled data; its test split if it has one",
    shown: "the bundled MNIST test set",
  }),
  backend: BACKEND_FLAG,
  json: boolean({ description: "print the report as JSON" }),
};

/** `evaluate`: accuracy, loss, confusion matrix, per-class precision and recall. */
export async function evaluateCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task evaluate --model PATH [--data PATH] [--json]",
      "Evaluates a saved model on labelled data: accuracy, mean cross-entropy loss, the\n" +
        "confusion matrix, and each digit's precision and recall.",
      FLAGS,
    ));
    return;
  }
  const modelPath = flags.model;
  if (modelPath === undefined) throw new UsageError("--model is required (see --help)");
  const backend = chooseBackend(createRegistry(), flags.backend);
  const file = await readModelFile(modelPath);
  const data = evaluationSet(await loadSplits(flags.data));
  if (data.labels === undefined) {
    throw new Error(`Cannot evaluate on ${data.source}: it has no labels (a "label" column)`);
  }
  const net = netFor(backend, file, data, modelPath);
  const result = await evaluate(net, data);
  net.dispose();
  const classes = classReports(result.confusion);

  if (flags.json) {
    console.log(JSON.stringify(
      {
        model: modelPath,
        data: data.source,
        backend: backend.name,
        samples: result.count,
        accuracy: result.accuracy,
        loss: jsonNumber(result.loss),
        confusion: result.confusion,
        classes: classes.map((c) => ({
          label: c.label,
          precision: jsonNumber(c.precision),
          recall: jsonNumber(c.recall),
          support: c.support,
        })),
      },
      null,
      2,
    ));
    return;
  }
  console.log(`Model ${modelPath} on ${data.source} (${result.count} images)`);
  console.log(`Accuracy: ${fixed(result.accuracy)}  Loss: ${fixed(result.loss, 4)}`);
  console.log("");
  console.log("Confusion matrix (rows: true label, columns: predicted):");
  const width = Math.max(5, ...result.confusion.flat().map((n) => String(n).length + 1));
  const cell = (text: string | number) => String(text).padStart(width);
  console.log(`     ${result.confusion.map((_, j) => cell(j)).join("")}`);
  result.confusion.forEach((row, i) => console.log(`  ${i}  ${row.map(cell).join("")}`));
  console.log("");
  console.log("label  precision  recall  support");
  for (const c of classes) {
    console.log(
      `${String(c.label).padStart(5)}  ${fixed(c.precision).padStart(9)}  ${
        fixed(c.recall).padStart(6)
      }  ${String(c.support).padStart(7)}`,
    );
  }
}
