// `deno task check-onnx FILE...`: checks ONNX exports by engines other than
// ours. For each saved model (.model, .smnn) it exports the ONNX file, runs
// the official checker on it (Debian's python3-onnx,
// onnx.checker.check_model with full_check=True, where it is installed),
// and runs all 10,000 MNIST test images through ONNX Runtime
// (onnxruntime-web) and through our engine, printing how many
// predictions agree, the largest probability difference and the sizes.
// An .onnx file is only checked.
import { exportOnnx } from "@simple-mnist/onnx";
import { LAYER_TYPES, loadModelFile, type NetDescription } from "@simple-mnist/model";
import { createRegistry } from "../apps/cli/backends.ts";
import {
  agreement,
  mnistTestImages,
  onnxRuntimeProbabilities,
  ourProbabilities,
} from "@simple-mnist/onnx/testing";

const PYTHON = "/usr/bin/python3";
const IMAGES = 10_000;
const CHECK_PY = `
import sys, onnx
model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
print(f"onnx {onnx.__version__} check_model(full_check=True): ok")
`;

/** The official checker's verdict in one line, or why it could not run. */
async function officialCheck(path: string): Promise<string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(PYTHON, { args: ["-c", CHECK_PY, path] }).output();
  } catch {
    return `${PYTHON} is not installed: onnx.checker not run`;
  }
  const text = new TextDecoder().decode(output.success ? output.stdout : output.stderr).trim();
  if (/No module named .?onnx/.test(text)) {
    return "python3-onnx is not installed (apt-get install python3-onnx): onnx.checker not run";
  }
  return output.success ? text : `onnx.checker FAILED: ${text.split("\n").at(-1)}`;
}

/** A net's layers in one line, e.g. `[1,28,28] conv2d(16, 5), relu(), …, dense(512, 10)`. */
function layersOf(description: NetDescription): string {
  const layers = description.layers.map((l) => {
    const type = LAYER_TYPES.find((t) => t.type === l.type);
    return type === undefined ? l.type : type.describe(l);
  });
  return `[${description.input}] ${layers.join(", ")}`;
}

const paths = Deno.args;
if (paths.length === 0 || paths.includes("--help")) {
  const usage = `Usage: deno task check-onnx MODEL_OR_ONNX_FILE...

Exports each saved model, checks the ONNX file with onnx.checker.check_model(full_check=True)
(Debian's python3-onnx under ${PYTHON}, where installed), and runs all ${IMAGES} MNIST test images
through ONNX Runtime and our engine. An .onnx file is only checked. Exits 1 if any check fails.`;
  if (paths.length === 0) console.error(usage);
  else console.log(usage);
  Deno.exit(paths.length === 0 ? 2 : 0);
}
const backend = createRegistry().get("wasm");
const pixels = await mnistTestImages(IMAGES);
let failed = false;
for (const path of paths) {
  try {
    await Deno.stat(path);
  } catch (error) {
    console.log(`error: ${path}: ${error instanceof Error ? error.message : error}`);
    failed = true;
    continue;
  }
  if (path.endsWith(".onnx")) {
    const verdict = await officialCheck(path);
    failed ||= verdict.includes("FAILED");
    console.log(`${path}: ${(await Deno.stat(path)).size} bytes; ${verdict}`);
    continue;
  }
  const description = await loadModelFile(path);
  const onnx = exportOnnx(description);
  const onnxPath = await Deno.makeTempFile({ suffix: ".onnx" });
  await Deno.writeFile(onnxPath, onnx);
  const verdict = await officialCheck(onnxPath);
  await Deno.remove(onnxPath);
  const ours = await ourProbabilities(description, pixels, IMAGES, backend);
  const theirs = await onnxRuntimeProbabilities(onnx, pixels, IMAGES);
  const { disagreements, maxDifference } = agreement(ours, theirs, 10);
  failed ||= verdict.includes("FAILED") || disagreements > 0 || !(maxDifference <= 1e-5);
  console.log(
    [
      `${path}: ${layersOf(description)}`,
      `  model file ${(await Deno.stat(path)).size} bytes, ONNX ${onnx.length} bytes`,
      `  ONNX Runtime against our engine (${backend.name}) on ${IMAGES} test images: ` +
      `${IMAGES - disagreements}/${IMAGES} predictions agree, max |Δp| ${
        maxDifference.toExponential(2)
      }`,
      `  ${verdict}`,
    ].join("\n"),
  );
}
Deno.exit(failed ? 1 : 0);
