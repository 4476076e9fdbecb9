import { writeFileAtomic } from "@simple-mnist/files";
import { helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import { modelProto, ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT, onnxModelOf } from "@simple-mnist/onnx";
import { MODEL_FLAG } from "./common_flags.ts";
import { readModelFile } from "./inputs.ts";
import { VERSION } from "./version.ts";

const FLAGS = {
  model: MODEL_FLAG,
  out: text({
    description: "where to write the ONNX model, e.g. model.onnx (required)",
    writes: true,
  }),
};

/** `export`: writes a saved model as an ONNX file that ONNX Runtime and other engines run. */
export async function onnxCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task export --model PATH --out PATH.onnx",
      `Writes a saved model as an ONNX model (opset ${ONNX_OPSET}) for ONNX Runtime (Python, the\n` +
        `browser, Node, Deno, C#, phones) or any ONNX engine. Input "${ONNX_INPUT}": float32\n` +
        `[N, 784], pixels scaled to [0, 1]; output "${ONNX_OUTPUT}": float32 [N, 10]. The\n` +
        "training metadata travels as metadata_props. The file appears only when complete.",
      FLAGS,
    ));
    return;
  }
  const { model: modelPath, out: outPath } = flags;
  if (modelPath === undefined) throw new UsageError("--model is required (see --help)");
  if (outPath === undefined) throw new UsageError("--out is required (see --help)");
  const model = onnxModelOf(await readModelFile(modelPath), { producerVersion: VERSION });
  const bytes = modelProto(model); // what exportOnnx() returns
  await writeFileAtomic(outPath, bytes);
  const [input, output] = [model.graph.inputs[0], model.graph.outputs[0]];
  console.log(
    `Wrote ${outPath} (ONNX opset ${ONNX_OPSET}, ${bytes.length} bytes): ${input.name} ` +
      `float32 [${input.shape.join(", ")}] in [0, 1] → ${output.name} [${output.shape.join(", ")}]`,
  );
}
