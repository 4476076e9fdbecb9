import { type Activation, ACTIVATIONS } from "@simple-mnist/backend";
import { splitDev } from "@simple-mnist/data";
import {
  architecture,
  createOptimizer,
  defaultInitScheme,
  defaultLearningRate,
  evaluate,
  INIT_SCHEMES,
  type InitScheme,
  initWeights,
  type OptimizerName,
  OPTIMIZERS,
  saveModel,
  type ScheduleName,
  SCHEDULES,
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
import { TRAIN_REPORT_FLAGS, TrainRecorder } from "./train_report.ts";

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
  {
    name: "optimizer",
    type: "string",
    value: "NAME",
    description: "update rule",
    default: "sgd",
    choices: OPTIMIZERS,
  },
  {
    name: "lr",
    type: "number",
    value: "X",
    description: "base learning rate",
    shown: "0.1 for sgd, momentum, nesterov; 0.001 for rmsprop, adam, adamw",
  },
  {
    name: "momentum",
    type: "number",
    value: "X",
    description: "momentum μ of momentum and nesterov",
    default: 0.9,
    allowZero: true,
    below: 1,
  },
  {
    name: "beta1",
    type: "number",
    value: "X",
    description: "Adam's first-moment decay",
    default: 0.9,
    allowZero: true,
    below: 1,
  },
  {
    name: "beta2",
    type: "number",
    value: "X",
    description: "second-moment decay of Adam, and RMSprop's decay rate",
    default: 0.999,
    allowZero: true,
    below: 1,
  },
  {
    name: "epsilon",
    type: "number",
    value: "X",
    description: "added to the root in RMSprop and Adam",
    default: 1e-8,
  },
  {
    name: "l2",
    type: "number",
    value: "LAMBDA",
    description: "the seed's L2: loss += λ/(2m)·ΣW², dW += λ/m·W (weights only)",
    default: 0,
    allowZero: true,
  },
  {
    name: "weight-decay",
    type: "number",
    value: "X",
    description: "decoupled decay W -= lr·X·W each step, as AdamW (weights only)",
    shown: "0; 0.01 for adamw",
    allowZero: true,
  },
  {
    name: "dropout",
    type: "number",
    value: "P",
    description: "inverted dropout after each hidden activation, training only",
    default: 0,
    allowZero: true,
    below: 1,
  },
  {
    name: "lr-schedule",
    type: "string",
    value: "NAME",
    description: "how the rate moves over the run's steps",
    default: "constant",
    choices: SCHEDULES,
  },
  {
    name: "lr-step",
    type: "count",
    value: "N",
    description: "with --lr-schedule step: multiply the rate by --lr-gamma every N steps",
  },
  {
    name: "lr-gamma",
    type: "number",
    value: "X",
    description: "with --lr-schedule step: the factor",
    shown: "0.1",
  },
  {
    name: "warmup",
    type: "count",
    value: "N",
    description: "ramp the rate up linearly over the first N steps",
    default: 0,
    allowZero: true,
  },
  {
    name: "early-stop",
    type: "count",
    value: "N",
    description: "stop when the dev loss has not improved for N iterations; keep the best weights",
  },
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
    shown: "uniform (the seed's) for 784-10-10, else he for ReLU or xavier for tanh, sigmoid",
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
  {
    name: "save",
    type: "string",
    value: "PATH",
    description: "write the trained model here",
    writes: true,
  },
  ...TRAIN_REPORT_FLAGS,
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
    optimizer: values.optimizer as OptimizerName,
    lr: values.lr as number | undefined,
    momentum: values.momentum as number,
    beta1: values.beta1 as number,
    beta2: values.beta2 as number,
    epsilon: values.epsilon as number,
    l2: values.l2 as number,
    weightDecay: values["weight-decay"] as number | undefined,
    dropout: values.dropout as number,
    schedule: values["lr-schedule"] as ScheduleName,
    lrStep: values["lr-step"] as number | undefined,
    lrGamma: values["lr-gamma"] as number | undefined,
    warmup: values.warmup as number,
    earlyStop: values["early-stop"] as number | undefined,
    iterations: values.iterations as number,
    batchSize: values["batch-size"] as number | undefined,
    init: values.init as InitScheme | undefined,
    seed: values.seed as number,
    devSize: values["dev-size"] as number,
    limit: values.limit as number | undefined,
    save: values.save as string | undefined,
    logEvery: values["log-every"] as number,
    json: values.json === true,
    quiet: values.quiet === true,
    report: values.report as string | undefined,
    history: values.history as string | undefined,
    values,
  };
}

/** Offsets `--seed` for the dropout masks' own generator. */
const DROPOUT_STREAM = 0x5eed;

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
  if (o.schedule !== "step" && (o.lrStep !== undefined || o.lrGamma !== undefined)) {
    throw new UsageError(
      `--${o.lrStep !== undefined ? "lr-step" : "lr-gamma"} needs --lr-schedule step`,
    );
  }
  if (o.schedule === "step" && o.lrStep === undefined) {
    throw new UsageError("--lr-schedule step needs --lr-step N");
  }
  if (o.earlyStop !== undefined && o.devSize === 0) {
    throw new UsageError("--early-stop needs a dev set to watch: --dev-size must be above 0");
  }
  const learningRate = o.lr ?? defaultLearningRate(o.optimizer);
  const hidden = o.hidden ?? DEFAULT_HIDDEN;
  const init = o.init ?? defaultInitScheme(hidden, o.activation ?? "relu");
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
    weights = initWeights(prng, { inputs: fit.features, hidden, init, activation });
  }
  // The dropout masks draw from a stream of their own, so that turning
  // dropout on leaves the split, the initial weights and the shuffles alone.
  const net = Sequential.fromWeights(backend, weights, {
    dropout: o.dropout,
    prng: seededPrng(o.seed + DROPOUT_STREAM),
  });
  const optimizer = createOptimizer(backend, o.optimizer, {
    momentum: o.momentum,
    beta1: o.beta1,
    beta2: o.beta2,
    epsilon: o.epsilon,
    weightDecay: o.weightDecay,
  });
  const recipe = [
    o.optimizer,
    `lr ${learningRate}`,
    o.schedule !== "constant" ? `${o.schedule} schedule` : "",
    o.warmup > 0 ? `warm-up ${o.warmup} steps` : "",
    o.l2 > 0 ? `L2 ${o.l2}` : "",
    optimizer.weightDecay > 0 ? `weight decay ${optimizer.weightDecay}` : "",
    o.dropout > 0 ? `dropout ${o.dropout}` : "",
    o.earlyStop !== undefined ? `early stop ${o.earlyStop}` : "",
  ].filter((part) => part !== "");
  out.log(
    `Training ${net.architecture} ${net.activation} on ${backend.name}: ${o.iterations} iterations, ${
      recipe.join(", ")
    }, ${o.batchSize === undefined ? "full batch" : `batches of ${o.batchSize}`}, ${
      resumed !== undefined ? `resumed from ${o.resume}` : `${init} init`
    }, seed ${o.seed}`,
  );
  const recorder = new TrainRecorder({
    report: o.report,
    history: o.history,
    evalEvery: o.values["eval-every"] as number,
  });
  const showRate = o.schedule !== "constant" || o.warmup > 0;
  out.startBar(o.iterations);
  const trainStart = performance.now();
  let setupSeconds = 0;
  let stoppedEarly = false;
  let bestIteration: number | null = null;
  try {
    ({ setupSeconds, stoppedEarly, bestIteration } = await train(net, fit, {
      iterations: o.iterations,
      learningRate,
      batchSize: o.batchSize,
      prng,
      optimizer,
      l2: o.l2,
      schedule: { name: o.schedule, stepSize: o.lrStep, gamma: o.lrGamma, warmup: o.warmup },
      ...recorder.devOptions(dev),
      ...(o.earlyStop !== undefined ? { dev, earlyStop: o.earlyStop } : {}),
      onIteration: (event) => {
        const { iteration, iterations, accuracy, loss, learningRate } = event;
        recorder.record(event);
        if (iteration % o.logEvery === 0 || iteration === iterations - 1) {
          out.log(
            `Iteration: ${iteration}, Accuracy: ${fixed(accuracy)}, Loss: ${fixed(loss, 4)}${
              showRate ? `, LR: ${learningRate.toPrecision(4)}` : ""
            }`,
          );
        }
        out.advance(iteration + 1);
      },
    }));
  } finally {
    out.endBar();
    optimizer.dispose();
  }
  if (stoppedEarly) {
    out.log(
      `Stopped early: the dev loss was lowest at iteration ${bestIteration}, kept its weights`,
    );
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
    optimizer: o.optimizer,
    learningRate,
    l2: o.l2,
    weightDecay: optimizer.weightDecay,
    dropout: o.dropout,
    lrSchedule: o.schedule,
    warmup: o.warmup,
    earlyStop: o.earlyStop ?? null,
    stoppedEarly,
    bestIteration,
    batchSize: o.batchSize ?? null,
    init: resumed !== undefined ? null : init,
    seed: o.seed,
    resumedFrom: o.resume ?? null,
    saved: o.save ?? null,
    report: o.report ?? null,
    history: o.history ?? null,
  };
  if (o.save !== undefined) {
    // Only what the seed and flags determine (no times, not where it or its
    // report is saved), so that the same seed gives the same file.
    const {
      trainSeconds: _t,
      setupSeconds: _s,
      loadSeconds: _l,
      msPerIteration: _m,
      saved: _saved,
      report: _r,
      history: _h,
      ...kept
    } = summary;
    await saveModel(o.save, await net.weights(), {
      ...kept,
      data: o.data ?? "the bundled MNIST",
      dataLimit: o.limit ?? null,
      architecture: architecture(net.widths),
    });
  }
  const reportBytes = await recorder.write({
    net,
    flags: { list: FLAGS, values: o.values, args },
    backend: backend.name,
    data: o.data ?? "the bundled MNIST",
    sets: { fit, dev, test: splits.test },
    seconds: { load: loadSeconds, train: trainSeconds, setup: setupSeconds },
    results: { train: trainResult, dev: devResult, test: testResult },
    augment: o.values.augment as string | undefined,
    seed: o.seed,
  });
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
  if (o.history !== undefined) out.result(`Wrote the history to ${o.history}`);
  if (o.report !== undefined) {
    out.result(`Wrote the report to ${o.report} (${(reportBytes / 1024).toFixed(0)} KiB)`);
  }
}
