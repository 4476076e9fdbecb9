import { ACTIVATIONS } from "@simple-mnist/backend";
import {
  boolean,
  choice,
  count,
  counts,
  helpText,
  parseFlags,
  UsageError,
} from "@simple-mnist/command";
import { GRADIENT_CHECK_THRESHOLD, gradientCheck } from "@simple-mnist/model";
import { createRegistry } from "./backends.ts";
import { BACKEND_FLAG } from "./common_flags.ts";
import { chooseBackend } from "./inputs.ts";

const FLAGS = {
  hidden: counts({
    description: "hidden widths of the small net, comma-separated",
    default: [5, 4],
  }),
  activation: choice(ACTIVATIONS, {
    description: "the hidden layers' activation",
    default: "relu",
  }),
  backend: BACKEND_FLAG,
  seed: count({ description: "seed of the weights and the batch", default: 1, allowZero: true }),
  json: boolean({ description: "print a JSON summary" }),
};

/** Widths above this make the O(parameters²) check take minutes; it is for small nets. */
const MAX_CHECK_WIDTH = 64;

/**
 * `gradient-check`: the finite-difference check of the backward pass on a
 * small random net (6 inputs, 4 classes, 8 samples); exit 1 when a tensor's
 * largest relative error is over the threshold.
 */
export async function gradientCheckCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task gradient-check [--hidden LIST] [--activation NAME] [--backend NAME] [--seed N] [--json]",
      "Compares the backward pass with central finite differences of the loss,\n" +
        "(L(θ+ε) − L(θ−ε)) / 2ε with ε = 0.01, for every weight and bias of a small random net\n" +
        "(6 inputs, the --hidden widths, 4 classes, 8 samples). Prints each tensor's largest\n" +
        `relative error and exits 1 if one is over ${GRADIENT_CHECK_THRESHOLD}. Entries whose ε step\n` +
        "moves a pre-activation across ReLU's kink at 0 are skipped and counted.",
      FLAGS,
    ));
    return;
  }
  const { hidden, activation } = flags;
  if (hidden.some((w) => w > MAX_CHECK_WIDTH)) {
    throw new UsageError(
      `--hidden ${hidden.join(",")}: the check is for small nets, widths up to ${MAX_CHECK_WIDTH}`,
    );
  }
  const backend = chooseBackend(createRegistry(), flags.backend);
  const result = await gradientCheck(backend, { hidden, activation, seed: flags.seed });
  const passed = result.maxRelativeError <= GRADIENT_CHECK_THRESHOLD;
  if (flags.json) {
    console.log(JSON.stringify(
      {
        backend: backend.name,
        layers: [6, ...hidden, 4],
        activation,
        threshold: GRADIENT_CHECK_THRESHOLD,
        passed,
        maxRelativeError: result.maxRelativeError,
        worst: result.worst,
        checked: result.checked,
        skipped: result.skipped,
        tensors: result.tensors,
      },
      null,
      2,
    ));
  } else {
    console.log(
      `Gradient check of 6-${hidden.join("-")}-4 ${activation} on ${backend.name} ` +
        `(${result.checked} entries compared, ${result.skipped} skipped at a kink):`,
    );
    for (const t of result.tensors) {
      const mark = t.maxRelativeError <= GRADIENT_CHECK_THRESHOLD ? "ok" : "FAIL";
      console.log(`  ${t.name.padEnd(4)} ${t.maxRelativeError.toExponential(2)}  ${mark}`);
    }
    console.log(
      `Largest relative error ${result.maxRelativeError.toExponential(2)} at ${result.worst}: ${
        passed ? "passed" : "FAILED"
      } (threshold ${GRADIENT_CHECK_THRESHOLD})`,
    );
  }
  if (!passed) {
    throw new Error(
      `gradient check failed: relative error ${result.maxRelativeError} at ${result.worst} is over ${GRADIENT_CHECK_THRESHOLD}`,
    );
  }
}
