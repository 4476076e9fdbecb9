import { helpText, parseFlags, text, UsageError } from "@simple-mnist/command";
import { type Dataset, type DataSplits, splitDev } from "@simple-mnist/data";
import { type Callback, evaluate, mlpShape, saveModel } from "@simple-mnist/model";
import { createRun } from "@simple-mnist/recipe";
import { formatNumber } from "@simple-mnist/report";
import { type Prng, seededPrng } from "@simple-mnist/random";
import { createRegistry } from "./backends.ts";
import { jsonNumber, Output, secondsSince } from "./context.ts";
import { chooseBackend, loadSplits, readModelFile } from "./inputs.ts";
import { presetsHelp, PROGRESS_FLAGS, RECIPE_FLAGS, resolveFlags } from "./recipe_flags.ts";
import { flagRows } from "./report_files.ts";
import { recipeRows, TRAIN_REPORT_FLAGS, TrainRecorder } from "./train_report.ts";

/** `train`'s own flags, after the recipe's. */
const OWN_FLAGS = {
  save: text({ description: "write the trained model here", writes: true }),
  ...TRAIN_REPORT_FLAGS,
  ...PROGRESS_FLAGS,
};

const FLAGS = { ...RECIPE_FLAGS, ...OWN_FLAGS };

/** `train`: trains a net (the seed's by default) and reports train, dev and test accuracy. */
export async function trainCommand(args: string[]): Promise<void> {
  const parsed = parseFlags(args, FLAGS);
  const { values: v } = parsed;
  if (parsed.help) {
    console.log(
      helpText(
        "deno task train [flags]",
        "Trains a net (784, the --hidden widths, 10; or any --layers list, convolutions included)\n" +
          "by gradient descent and reports train, dev and test accuracy. With no flags it repeats\n" +
          "the seed tutorial on the bundled MNIST:\n" +
          "784-10-10, ReLU, uniform init, lr 0.1, full batch, 500 iterations.",
        FLAGS,
      ) + "\n\n" + presetsHelp(),
    );
    return;
  }
  const { recipe: r, origin } = usage(() => resolveFlags(v));
  // Cross-validation's folds are its dev sets; here --dev-size is.
  if (r.earlyStop !== null && r.devSize === 0) {
    throw new UsageError("--early-stop needs a dev set to watch: --dev-size must be above 0");
  }
  const backend = chooseBackend(createRegistry(), v.backend);
  const out = new Output({ json: v.json, quiet: v.quiet });
  const resumed = r.resumedFrom === null ? undefined : await readModelFile(r.resumedFrom);

  const loadStart = performance.now();
  const prng = seededPrng(r.seed);
  // Only the split is kept: the whole training set, once copied into fit
  // and dev, is not referenced again, so its bytes can be freed.
  const { fit, dev, test } = splitForTraining(await loadSplits(v.data, r.limit), r.devSize, prng);
  const loadSeconds = secondsSince(loadStart);
  const data = v.data ?? "the bundled MNIST";
  out.log(
    `Loaded ${fit.count} training, ${dev.count} dev${
      test ? `, ${test.count} test` : ""
    } images from ${data} in ${loadSeconds.toFixed(2)} s`,
  );

  const showRate = r.lrSchedule !== "constant" || r.warmup > 0;
  const recorder = new TrainRecorder({
    report: v.report,
    history: v.history,
    evalEvery: v["eval-every"],
  });
  const progress: Callback = {
    onEpochEnd: ({ epoch, epochs, accuracy, loss, learningRate }) => {
      if (epoch % v["log-every"] === 0 || epoch === epochs - 1) {
        out.log(
          `Iteration: ${epoch}, Accuracy: ${formatNumber(accuracy)}, Loss: ${
            formatNumber(loss, 4)
          }${showRate ? `, LR: ${learningRate.toPrecision(4)}` : ""}`,
        );
      }
      out.advance(epoch + 1);
    },
  };
  const start = performance.now();
  const run = usage(() =>
    createRun(backend, r, { fit, dev }, prng, {
      resumed,
      devEvery: recorder.devEvery,
      callbacks: [recorder, progress],
      augmentInWorker: true,
    })
  );
  const { net } = run;
  out.log(run.description);
  out.startBar(r.iterations);
  let fitted;
  try {
    fitted = await run.fit();
  } catch (error) {
    net.dispose();
    throw error;
  } finally {
    out.endBar();
    run.dispose();
  }
  const trainSeconds = secondsSince(start);
  const setupSeconds = run.trainer.setupSeconds;
  const bestIteration = run.stopper?.bestEpoch ?? null;
  if (fitted.stopped) {
    out.log(
      `Stopped early: the dev loss was lowest at iteration ${bestIteration}, kept its weights`,
    );
  }

  const trainResult = await evaluate(net, fit);
  const devResult = dev.count > 0 ? await evaluate(net, dev) : undefined;
  const testResult = test?.labels ? await evaluate(net, test) : undefined;
  const shape = mlpShape(net.config.layers);
  // How the run went: the same in the summary, the model file and the report.
  const results = {
    trainAccuracy: trainResult.accuracy,
    devAccuracy: devResult ? devResult.accuracy : null,
    testAccuracy: testResult ? testResult.accuracy : null,
    trainLoss: jsonNumber(trainResult.loss),
    devLoss: devResult ? jsonNumber(devResult.loss) : null,
    testLoss: testResult ? jsonNumber(testResult.loss) : null,
    samples: fit.count,
    devSamples: dev.count,
    testSamples: testResult ? testResult.count : 0,
    stoppedEarly: fitted.stopped,
    bestIteration,
  };
  const trained = {
    backend: backend.name,
    ...r,
    // What the net is (a resumed one's own): an MLP's widths, activation and dropout as
    // release 0.2 wrote them (null for other nets), and its layers.
    layers: shape?.widths ?? null,
    hidden: shape?.widths.slice(1, -1) ?? null,
    activation: shape?.activation ?? null,
    dropout: shape?.dropout ?? null,
    net: net.config,
    architecture: net.architecture,
    data,
    ...results,
  };
  if (v.save !== undefined) {
    // Only what the seed and recipe determine (no times, not where it or its
    // report is written), so that the same seed gives the same file.
    await saveModel(v.save, await net.describe(trained));
  }
  const reportBytes = await recorder.write({
    net,
    settings: [
      ...flagRows({ data: RECIPE_FLAGS.data, backend: RECIPE_FLAGS.backend }, parsed),
      ...recipeRows(r, origin),
      ...flagRows(OWN_FLAGS, parsed),
    ],
    backend: backend.name,
    data,
    sets: { fit, dev, test },
    seconds: { load: loadSeconds, train: trainSeconds, setup: setupSeconds },
    results: { train: trainResult, dev: devResult, test: testResult },
    augment: r.augment,
    seed: r.seed,
  });
  net.dispose();
  const msPerIteration = r.iterations > 0
    ? (1000 * (trainSeconds - setupSeconds)) / r.iterations
    : null;
  if (v.json) {
    out.result(JSON.stringify(
      {
        ...trained,
        trainSeconds,
        setupSeconds,
        loadSeconds,
        // Per iteration, without the one-time upload of the data (setupSeconds).
        msPerIteration,
        saved: v.save ?? null,
        report: v.report ?? null,
        history: v.history ?? null,
      },
      null,
      2,
    ));
    return;
  }
  out.result(
    `Trained in ${trainSeconds.toFixed(2)} s (${setupSeconds.toFixed(2)} s setup, then ${
      formatNumber(msPerIteration ?? Number.NaN, 1)
    } ms/iteration) on ${backend.name}`,
  );
  out.result(
    `Train accuracy: ${formatNumber(trainResult.accuracy)}  loss ${
      formatNumber(trainResult.loss, 4)
    }  (${fit.count} images)`,
  );
  out.result(
    devResult
      ? `Dev accuracy:   ${formatNumber(devResult.accuracy)}  loss ${
        formatNumber(devResult.loss, 4)
      }  (${dev.count} images)`
      : "Dev accuracy:   n/a (--dev-size 0)",
  );
  out.result(
    testResult
      ? `Test accuracy:  ${formatNumber(testResult.accuracy)}  loss ${
        formatNumber(testResult.loss, 4)
      }  (${testResult.count} images)`
      : "Test accuracy:  n/a (the data has no test split)",
  );
  if (v.save !== undefined) out.result(`Saved the model to ${v.save}`);
  if (v.history !== undefined) out.result(`Wrote the history to ${v.history}`);
  if (v.report !== undefined) {
    out.result(`Wrote the report to ${v.report} (${(reportBytes / 1024).toFixed(0)} KiB)`);
  }
}

/** Runs `make`, turning a RangeError (settings that do not go together) into a usage error. */
export function usage<R>(make: () => R): R {
  try {
    return make();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

/** The training set split into fit and dev, with the test set; refuses unlabelled data or no rows left. */
function splitForTraining(
  splits: DataSplits,
  devSize: number,
  prng: Prng,
): { fit: Dataset; dev: Dataset; test: Dataset | undefined } {
  if (splits.train.labels === undefined) {
    throw new Error(`Cannot train on ${splits.train.source}: it has no labels (a "label" column)`);
  }
  if (devSize >= splits.train.count) {
    throw new UsageError(
      `--dev-size ${devSize} leaves no training rows: the data has ${splits.train.count}`,
    );
  }
  const { train: fit, dev } = splitDev(splits.train, devSize, prng);
  return { fit, dev, test: splits.test };
}
