import { ACTIVATIONS } from "@simple-mnist/backend";
import {
  boolean,
  choice,
  count,
  counts,
  helpText,
  parseFlags,
  text,
  UsageError,
} from "@simple-mnist/command";
import {
  GRADIENT_CHECK_THRESHOLD,
  gradientCheck,
  mlp,
  netArchitecture,
  type NetConfig,
  parseLayerList,
  planNet,
  shapeSize,
} from "@simple-mnist/model";
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
  layers: text({
    value: "SPEC",
    description: "check this net instead, written as train's --layers, on --image sized images",
  }),
  image: count({ description: "with --layers: the images' side in pixels", default: 8 }),
  samples: count({ description: "samples in the batch", default: 8 }),
  backend: BACKEND_FLAG,
  seed: count({ description: "seed of the weights and the batch", default: 1, allowZero: true }),
  json: boolean({ description: "print a JSON summary" }),
};

/** Widths above this make the O(parameters²) check take minutes; it is for small nets. */
const MAX_CHECK_WIDTH = 64;
/** The most parameters a --layers net may have, for the same reason. */
const MAX_CHECK_PARAMETERS = 5000;

/**
 * `gradient-check`: the finite-difference check of the backward pass on a
 * small random net (6 inputs, 4 classes, 8 samples); exit 1 when a tensor's
 * largest relative error is over the threshold.
 */
export async function gradientCheckCommand(args: string[]): Promise<void> {
  const { values: flags, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(helpText(
      "deno task gradient-check [--hidden LIST] [--activation NAME] [--layers SPEC] [--image N]\n" +
        "                         [--samples N] [--backend NAME] [--seed N] [--json]",
      "Compares the backward pass with central finite differences of the loss,\n" +
        "(L(θ+ε) − L(θ−ε)) / 2ε with ε = 0.01, for every weight and bias of a small random net\n" +
        "(6 inputs, the --hidden widths, 4 classes, 8 samples), or of the --layers net on\n" +
        "1 x --image x --image images (e.g. --layers conv:3:3,relu,pool:2,conv:4:3,dense:4).\n" +
        `Prints each tensor's largest relative error and exits 1 if one is over ${GRADIENT_CHECK_THRESHOLD}.\n` +
        "Entries whose ε step moves a pre-activation across ReLU's kink at 0, or changes a\n" +
        "max-pooling's winner, are skipped and counted.",
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
  let net: NetConfig = { input: [6], layers: mlp([6, ...hidden, 4], activation) };
  if (flags.layers !== undefined) {
    try {
      net = parseLayerList(flags.layers, { height: flags.image, width: flags.image });
      const { plans } = planNet(net.layers, net.input);
      const count = plans.reduce(
        (n, plan) => n + plan.params.reduce((k, p) => k + shapeSize(p.spec.shape), 0),
        0,
      );
      if (count > MAX_CHECK_PARAMETERS) {
        throw new RangeError(
          `it has ${count} parameters: the check is for small nets, up to ${MAX_CHECK_PARAMETERS}`,
        );
      }
    } catch (error) {
      throw new UsageError(
        `--layers: ${(error as Error).message.replace(/^Cannot build the net: /, "")}`,
      );
    }
  }
  const backend = chooseBackend(createRegistry(), flags.backend);
  const result = await gradientCheck(backend, {
    ...net,
    seed: flags.seed,
    samples: flags.samples,
  });
  const architecture = flags.layers === undefined
    ? `6-${hidden.join("-")}-4 ${activation}`
    : netArchitecture(net);
  const passed = result.maxRelativeError <= GRADIENT_CHECK_THRESHOLD;
  if (flags.json) {
    console.log(JSON.stringify(
      {
        backend: backend.name,
        layers: flags.layers === undefined ? [6, ...hidden, 4] : null,
        activation: flags.layers === undefined ? activation : null,
        net,
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
      `Gradient check of ${architecture} on ${backend.name} ` +
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
