import { splitDev } from "@simple-mnist/data";
import { architecture, evaluate, saveModel } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { createRegistry } from "./backends.ts";
import { fixed, jsonNumber, Output, secondsSince } from "./context.ts";
import { UsageError } from "./errors.ts";
import { type Flag, helpText } from "./flags.ts";
import { chooseBackend, loadSplits, readModelFile } from "./inputs.ts";
import { parseRecipe, presetsHelp, PROGRESS_FLAGS, RECIPE_FLAGS } from "./recipe.ts";
import { fitRecipe } from "./training_run.ts";
import { TRAIN_REPORT_FLAGS, TrainRecorder } from "./train_report.ts";

/** `train`'s own flags, after the recipe's. */
const OWN_FLAGS: readonly Flag[] = [
  {
    name: "save",
    type: "string",
    value: "PATH",
    description: "write the trained model here",
    writes: true,
  },
  ...TRAIN_REPORT_FLAGS,
  ...PROGRESS_FLAGS,
];

const FLAGS: readonly Flag[] = [...RECIPE_FLAGS, ...OWN_FLAGS];

/** `train`: trains a net (the seed's by default) and reports train, dev and test accuracy. */
export async function trainCommand(args: string[]): Promise<void> {
  const r = parseRecipe(args, OWN_FLAGS);
  const v = r.values;
  const o = {
    save: v.save as string | undefined,
    report: v.report as string | undefined,
    history: v.history as string | undefined,
    logEvery: v["log-every"] as number,
    json: v.json === true,
    quiet: v.quiet === true,
  };
  if (r.help) {
    console.log(
      helpText(
        "deno task train [flags]",
        "Trains a net (784, the --hidden widths, 10) by gradient descent and reports train, dev\n" +
          "and test accuracy. With no flags it repeats the seed tutorial on the bundled MNIST:\n" +
          "784-10-10, ReLU, uniform init, lr 0.1, full batch, 500 iterations.",
        FLAGS,
      ) + "\n\n" + presetsHelp(),
    );
    return;
  }
  // Cross-validation's folds are its dev sets; here --dev-size is.
  if (r.earlyStop !== undefined && r.devSize === 0) {
    throw new UsageError("--early-stop needs a dev set to watch: --dev-size must be above 0");
  }
  const backend = chooseBackend(createRegistry(), r.backend);
  const out = new Output({ json: o.json, quiet: o.quiet });
  const resumed = r.resume === undefined ? undefined : await readModelFile(r.resume);

  const loadStart = performance.now();
  const splits = await loadSplits(r.data, r.limit);
  if (splits.train.labels === undefined) {
    throw new Error(`Cannot train on ${splits.train.source}: it has no labels (a "label" column)`);
  }
  if (r.devSize >= splits.train.count) {
    throw new UsageError(
      `--dev-size ${r.devSize} leaves no training rows: the data has ${splits.train.count}`,
    );
  }
  const prng = seededPrng(r.seed);
  const { train: fit, dev } = splitDev(splits.train, r.devSize, prng);
  const loadSeconds = secondsSince(loadStart);
  out.log(
    `Loaded ${fit.count} training, ${dev.count} dev${
      splits.test ? `, ${splits.test.count} test` : ""
    } images from ${r.data ?? "the bundled MNIST"} in ${loadSeconds.toFixed(2)} s`,
  );

  const showRate = r.schedule !== "constant" || r.warmup > 0;
  const recorder = new TrainRecorder({
    report: o.report,
    history: o.history,
    evalEvery: v["eval-every"] as number,
  });
  out.startBar(r.iterations);
  let run;
  try {
    run = await fitRecipe(backend, r, { fit, dev, source: splits.train.source }, prng, resumed, {
      announce: (line) => out.log(line),
      devOptions: recorder.devOptions(dev),
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
    });
  } finally {
    out.endBar();
  }
  const { net, trainSeconds, setupSeconds, stoppedEarly, bestIteration } = run;
  if (stoppedEarly) {
    out.log(
      `Stopped early: the dev loss was lowest at iteration ${bestIteration}, kept its weights`,
    );
  }

  const trainResult = await evaluate(net, fit);
  const devResult = dev.count > 0 ? await evaluate(net, dev) : undefined;
  const testResult = splits.test?.labels ? await evaluate(net, splits.test) : undefined;
  const summary = {
    backend: backend.name,
    layers: [...net.widths],
    activation: net.activation,
    iterations: r.iterations,
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
    msPerIteration: r.iterations > 0 ? (1000 * (trainSeconds - setupSeconds)) / r.iterations : null,
    samples: fit.count,
    devSamples: dev.count,
    testSamples: testResult ? testResult.count : 0,
    preset: r.preset ?? null,
    optimizer: r.optimizer,
    learningRate: r.learningRate,
    l2: r.l2,
    weightDecay: run.weightDecay,
    dropout: r.dropout,
    augment: r.augment,
    lrSchedule: r.schedule,
    warmup: r.warmup,
    earlyStop: r.earlyStop ?? null,
    stoppedEarly,
    bestIteration,
    batchSize: r.batchSize ?? null,
    init: resumed !== undefined ? null : r.init,
    seed: r.seed,
    resumedFrom: r.resume ?? null,
    saved: o.save ?? null,
    report: o.report ?? null,
    history: o.history ?? null,
  };
  if (o.save !== undefined) {
    // Only what the seed and flags determine (no times, not where it or its
    // report is written), so that the same seed gives the same file.
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
      data: r.data ?? "the bundled MNIST",
      dataLimit: r.limit ?? null,
      architecture: architecture(net.widths),
    });
  }
  const reportBytes = await recorder.write({
    net,
    // The values in effect: the rate and init that the defaults resolved to.
    flags: {
      list: FLAGS,
      values: {
        ...v,
        lr: r.learningRate,
        init: resumed === undefined ? r.init : undefined,
        "weight-decay": run.weightDecay,
      },
      args: r.args,
    },
    backend: backend.name,
    data: r.data ?? "the bundled MNIST",
    sets: { fit, dev, test: splits.test },
    seconds: { load: loadSeconds, train: trainSeconds, setup: setupSeconds },
    results: { train: trainResult, dev: devResult, test: testResult },
    augment: r.augment,
    seed: r.seed,
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
