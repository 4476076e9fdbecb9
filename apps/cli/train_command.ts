import { type Activation, ACTIVATIONS } from "@simple-mnist/backend";
import { splitDev } from "@simple-mnist/data";
import {
  architecture,
  evaluate,
  INIT_SCHEMES,
  type InitScheme,
  initWeights,
  saveModel,
  Sequential,
  train,
  validateLayers,
  type Weights,
} from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { createRegistry } from "./backends.ts";
import { fixed, jsonNumber, Output, secondsSince } from "./context.ts";
import { UsageError } from "./errors.ts";
import { BACKEND_FLAG, type Flag, helpText, parseFlags } from "./flags.ts";
import { chooseBackend, loadSplits, readModelFile } from "./inputs.ts";

const FLAGS: readonly Flag[] = [
  {
    name: "data",
    type: "string",
    value: "PATH",
    description: "Kaggle CSV, IDX file or IDX directory",
    shown: "the bundled MNIST",
  },
  BACKEND_FLAG,
  {
    name: "hidden",
    type: "counts",
    value: "LIST",
    description: "hidden widths, comma-separated: 10 is the seed's net, 512,256 two layers",
    shown: "10",
  },
  {
    name: "activation",
    type: "string",
    value: "NAME",
    description: "the hidden layers' activation",
    shown: "relu",
    choices: ACTIVATIONS,
  },
  {
    name: "resume",
    type: "string",
    value: "PATH",
    description: "train on from a saved model (its architecture; no --hidden or --activation)",
  },
  { name: "lr", type: "number", value: "X", description: "learning rate", default: 0.1 },
  {
    name: "iterations",
    type: "count",
    value: "N",
    description: "passes over the training set",
    default: 500,
    allowZero: true,
  },
  {
    name: "batch-size",
    type: "count",
    value: "N",
    description: "samples per step",
    shown: "full batch",
  },
  {
    name: "init",
    type: "string",
    value: "NAME",
    description: "weight initialisation",
    default: "uniform",
    choices: INIT_SCHEMES,
  },
  {
    name: "seed",
    type: "count",
    value: "N",
    description: "seed of the split, the weights and the shuffles",
    default: 0,
    allowZero: true,
  },
  {
    name: "dev-size",
    type: "count",
    value: "N",
    description: "training images held out as the dev set",
    default: 1000,
    allowZero: true,
  },
  {
    name: "limit",
    type: "count",
    value: "N",
    description: "use only the first N training rows",
    shown: "all",
  },
  { name: "save", type: "string", value: "PATH", description: "write the trained model here" },
  {
    name: "log-every",
    type: "count",
    value: "N",
    description: "print progress every N iterations",
    default: 10,
  },
  {
    name: "json",
    type: "boolean",
    description: "print a JSON summary on stdout, and nothing else there",
  },
  { name: "quiet", type: "boolean", description: "print no progress" },
];

/** The parsed flags, typed. */
function options(args: string[]) {
  const values = parseFlags(args, FLAGS);
  return {
    help: values.help,
    data: values.data as string | undefined,
    backend: values.backend as string | undefined,
    hidden: values.hidden === undefined ? undefined : String(values.hidden).split(",").map(Number),
    activation: values.activation as Activation | undefined,
    resume: values.resume as string | undefined,
    lr: values.lr as number,
    iterations: values.iterations as number,
    batchSize: values["batch-size"] as number | undefined,
    init: values.init as InitScheme,
    seed: values.seed as number,
    devSize: values["dev-size"] as number,
    limit: values.limit as number | undefined,
    save: values.save as string | undefined,
    logEvery: values["log-every"] as number,
    json: values.json === true,
    quiet: values.quiet === true,
  };
}

/** The hidden widths when neither `--hidden` nor `--resume` says: the seed's one layer of 10. */
const DEFAULT_HIDDEN = [10];

/** `train`: trains a net (the seed's by default) and reports train, dev and test accuracy. */
export async function trainCommand(args: string[]): Promise<void> {
  const o = options(args);
  if (o.help) {
    console.log(helpText(
      "deno task train [flags]",
      "Trains a net (784, the --hidden widths, 10) by gradient descent and reports train, dev\n" +
        "and test accuracy. With no flags it repeats the seed tutorial on the bundled MNIST:\n" +
        "784-10-10, ReLU, uniform init, lr 0.1, full batch, 500 iterations.",
      FLAGS,
    ));
    return;
  }
  if (o.resume !== undefined && (o.hidden !== undefined || o.activation !== undefined)) {
    throw new UsageError(
      `--resume takes the architecture from ${o.resume}: drop --${
        o.hidden !== undefined ? "hidden" : "activation"
      }`,
    );
  }
  const hidden = o.hidden ?? DEFAULT_HIDDEN;
  const activation = o.activation ?? "relu";
  try {
    // MNIST's 784 pixels; checked again against the data once it is loaded.
    validateLayers([784, ...hidden, 10], "--hidden");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const backend = chooseBackend(createRegistry(), o.backend);
  const out = new Output({ json: o.json, quiet: o.quiet });
  const resumed = o.resume === undefined ? undefined : await readModelFile(o.resume);

  const loadStart = performance.now();
  const splits = await loadSplits(o.data, o.limit);
  if (splits.train.labels === undefined) {
    throw new Error(`Cannot train on ${splits.train.source}: it has no labels (a "label" column)`);
  }
  if (o.devSize >= splits.train.count) {
    throw new UsageError(
      `--dev-size ${o.devSize} leaves no training rows: the data has ${splits.train.count}`,
    );
  }
  const prng = seededPrng(o.seed);
  const { train: fit, dev } = splitDev(splits.train, o.devSize, prng);
  const loadSeconds = secondsSince(loadStart);
  out.log(
    `Loaded ${fit.count} training, ${dev.count} dev${
      splits.test ? `, ${splits.test.count} test` : ""
    } images from ${o.data ?? "the bundled MNIST"} in ${loadSeconds.toFixed(2)} s`,
  );

  let weights: Weights;
  if (resumed !== undefined) {
    weights = resumed.weights;
    if (weights.layers[0] !== fit.features) {
      throw new Error(
        `Cannot resume from ${o.resume}: the model takes ${
          weights.layers[0]
        } pixels but the images of ${splits.train.source} have ${fit.features}`,
      );
    }
  } else {
    try {
      validateLayers([fit.features, ...hidden, 10], "--hidden");
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    weights = initWeights(prng, { inputs: fit.features, hidden, init: o.init, activation });
  }
  const net = Sequential.fromWeights(backend, weights);
  out.log(
    `Training ${net.architecture} ${net.activation} on ${backend.name}: ${o.iterations} iterations, lr ${o.lr}, ${
      o.batchSize === undefined ? "full batch" : `batches of ${o.batchSize}`
    }, ${resumed !== undefined ? `resumed from ${o.resume}` : `${o.init} init`}, seed ${o.seed}`,
  );
  out.startBar(o.iterations);
  const trainStart = performance.now();
  let setupSeconds = 0;
  try {
    ({ setupSeconds } = await train(net, fit, {
      iterations: o.iterations,
      learningRate: o.lr,
      batchSize: o.batchSize,
      prng,
      onIteration: ({ iteration, iterations, accuracy, loss }) => {
        if (iteration % o.logEvery === 0 || iteration === iterations - 1) {
          out.log(`Iteration: ${iteration}, Accuracy: ${fixed(accuracy)}, Loss: ${fixed(loss, 4)}`);
        }
        out.advance(iteration + 1);
      },
    }));
  } finally {
    out.endBar();
  }
  const trainSeconds = secondsSince(trainStart);

  const trainResult = await evaluate(net, fit);
  const devResult = dev.count > 0 ? await evaluate(net, dev) : undefined;
  const testResult = splits.test?.labels ? await evaluate(net, splits.test) : undefined;
  const summary = {
    backend: backend.name,
    layers: [...net.widths],
    activation: net.activation,
    iterations: o.iterations,
    trainAccuracy: trainResult.accuracy,
    devAccuracy: devResult ? devResult.accuracy : null,
    testAccuracy: testResult ? testResult.accuracy : null,
    trainLoss: jsonNumber(trainResult.loss),
    devLoss: devResult ? jsonNumber(devResult.loss) : null,
    testLoss: testResult ? jsonNumber(testResult.loss) : null,
    trainSeconds,
    setupSeconds,
    loadSeconds,
    // Per iteration, without the one-time upload of the data (setupSeconds).
    msPerIteration: o.iterations > 0 ? (1000 * (trainSeconds - setupSeconds)) / o.iterations : null,
    samples: fit.count,
    devSamples: dev.count,
    testSamples: testResult ? testResult.count : 0,
    learningRate: o.lr,
    batchSize: o.batchSize ?? null,
    init: o.init,
    seed: o.seed,
    resumedFrom: o.resume ?? null,
    saved: o.save ?? null,
  };
  if (o.save !== undefined) {
    // Only what the seed determines, so that the same seed gives the same file.
    const { trainSeconds: _t, setupSeconds: _s, loadSeconds: _l, msPerIteration: _m, ...kept } =
      summary;
    await saveModel(o.save, await net.weights(), {
      ...kept,
      data: o.data ?? "the bundled MNIST",
      dataLimit: o.limit ?? null,
      architecture: architecture(net.widths),
    });
  }
  net.dispose();
  if (o.json) {
    out.result(JSON.stringify(summary, null, 2));
    return;
  }
  out.result(
    `Trained in ${trainSeconds.toFixed(2)} s (${setupSeconds.toFixed(2)} s setup, then ${
      fixed(summary.msPerIteration ?? Number.NaN, 1)
    } ms/iteration) on ${backend.name}`,
  );
  out.result(
    `Train accuracy: ${fixed(trainResult.accuracy)}  loss ${
      fixed(trainResult.loss, 4)
    }  (${fit.count} images)`,
  );
  out.result(
    devResult
      ? `Dev accuracy:   ${fixed(devResult.accuracy)}  loss ${
        fixed(devResult.loss, 4)
      }  (${dev.count} images)`
      : "Dev accuracy:   n/a (--dev-size 0)",
  );
  out.result(
    testResult
      ? `Test accuracy:  ${fixed(testResult.accuracy)}  loss ${
        fixed(testResult.loss, 4)
      }  (${testResult.count} images)`
      : "Test accuracy:  n/a (the data has no test split)",
  );
  if (o.save !== undefined) out.result(`Saved the model to ${o.save}`);
}
