import { count, helpText, parseFlags, UsageError } from "@simple-mnist/command";
import { foldSplit, stratifiedFolds } from "@simple-mnist/data";
import { evaluate } from "@simple-mnist/model";
import { createRun } from "@simple-mnist/recipe";
import { formatNumber } from "@simple-mnist/report";
import { seededPrng } from "@simple-mnist/random";
import { createRegistry } from "./backends.ts";
import { jsonNumber, Output, secondsSince } from "./context.ts";
import { chooseBackend, loadSplits } from "./inputs.ts";
import { presetsHelp, PROGRESS_FLAGS, RECIPE_FLAGS, resolveFlags } from "./recipe_flags.ts";
import { usage } from "./train_command.ts";

const FLAGS = {
  ...RECIPE_FLAGS,
  folds: count({
    value: "K",
    description: "folds: each trains on K − 1 of them and is scored on the last",
    default: 5,
    allowZero: true,
  }),
  ...PROGRESS_FLAGS,
};

/** One fold's score. */
interface FoldScore {
  fold: number;
  devAccuracy: number;
  devLoss: number | null;
  seconds: number;
}

/**
 * `cross-validate`: stratified K-fold cross-validation of a training recipe
 * over the training images, on one backend; prints each fold's dev
 * accuracy and loss, then their mean and standard deviation.
 */
export async function crossValidateCommand(args: string[]): Promise<void> {
  const { values: v, help } = parseFlags(args, FLAGS);
  if (help) {
    console.log(
      helpText(
        "deno task cross-validate --folds K [train flags]",
        "Stratified K-fold cross-validation of a training recipe over the training images\n" +
          "(after --limit): the images of each digit are shuffled by --seed and dealt to the K\n" +
          "folds, and each fold in turn is the dev set of a net trained on the others. Prints\n" +
          "each fold's dev accuracy and loss, then the mean ± the standard deviation (n − 1).\n" +
          "--dev-size is not used: the folds are the dev sets.",
        FLAGS,
      ) + "\n\n" + presetsHelp(),
    );
    return;
  }
  const folds = v.folds;
  if (folds < 2) {
    throw new UsageError(`--folds must be at least 2, got ${folds}`);
  }
  if (v.resume !== undefined) {
    throw new UsageError("--resume does not go with cross-validate: every fold starts afresh");
  }
  const { recipe: r } = usage(() => resolveFlags(v));
  const backend = chooseBackend(createRegistry(), v.backend);
  const out = new Output({ json: v.json, quiet: v.quiet });
  const splits = await loadSplits(v.data, r.limit);
  const all = splits.train;
  if (all.labels === undefined) {
    throw new Error(`Cannot cross-validate on ${all.source}: it has no labels (a "label" column)`);
  }
  if (folds > all.count) {
    throw new UsageError(`--folds ${folds} is more than the ${all.count} training images`);
  }
  const prng = seededPrng(r.seed);
  const assignment = stratifiedFolds(all, folds, prng);
  out.log(
    `Cross-validating on ${all.count} images of ${
      v.data ?? "the bundled MNIST"
    }: ${folds} stratified folds`,
  );
  const scores: FoldScore[] = [];
  const start = performance.now();
  for (let k = 0; k < folds; k++) {
    const { train: fit, dev } = foldSplit(all, assignment, k);
    const foldStart = performance.now();
    const run = usage(() =>
      createRun(backend, r, { fit, dev }, prng, {
        callbacks: [{
          onEpochEnd: ({ epoch, epochs, accuracy, loss }) => {
            if (epoch % v["log-every"] === 0 || epoch === epochs - 1) {
              out.log(
                `  Iteration: ${epoch}, Accuracy: ${formatNumber(accuracy)}, Loss: ${
                  formatNumber(loss, 4)
                }`,
              );
            }
          },
        }],
      })
    );
    out.log(`Fold ${k + 1}/${folds}: ${run.description}`);
    try {
      await run.fit();
    } finally {
      run.dispose();
    }
    const result = await evaluate(run.net, dev);
    // Each fold's net is freed before the next is built.
    run.net.dispose();
    const score = {
      fold: k + 1,
      devAccuracy: result.accuracy,
      devLoss: jsonNumber(result.loss),
      seconds: secondsSince(foldStart),
    };
    scores.push(score);
    out.log(
      `Fold ${k + 1}/${folds}: dev accuracy ${formatNumber(score.devAccuracy, 4)}, loss ${
        formatNumber(result.loss, 4)
      } (${dev.count} images, ${score.seconds.toFixed(1)} s)`,
    );
  }
  const accuracies = scores.map((s) => s.devAccuracy);
  const mean = accuracies.reduce((a, b) => a + b, 0) / folds;
  const std = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (folds - 1));
  const losses = scores.map((s) => s.devLoss ?? Number.NaN);
  const meanLoss = losses.reduce((a, b) => a + b, 0) / folds;
  const seconds = secondsSince(start);
  if (v.json) {
    out.result(JSON.stringify(
      {
        backend: backend.name,
        preset: r.preset,
        samples: all.count,
        foldCount: folds,
        seed: r.seed,
        recipe: r,
        folds: scores.map(({ fold, devAccuracy, devLoss }) => ({ fold, devAccuracy, devLoss })),
        meanDevAccuracy: mean,
        stdDevAccuracy: std,
        meanDevLoss: jsonNumber(meanLoss),
        seconds,
      },
      null,
      2,
    ));
    return;
  }
  out.result("fold  dev accuracy  dev loss");
  for (const s of scores) {
    out.result(
      `${String(s.fold).padStart(4)}  ${formatNumber(s.devAccuracy, 4).padStart(12)}  ${
        formatNumber(s.devLoss ?? Number.NaN, 4).padStart(8)
      }`,
    );
  }
  out.result(
    `Mean dev accuracy ${formatNumber(mean, 4)} ± ${
      formatNumber(std, 4)
    } (standard deviation over ${folds} folds), mean dev loss ${formatNumber(meanLoss, 4)}; ${
      seconds.toFixed(1)
    } s on ${backend.name}`,
  );
}
