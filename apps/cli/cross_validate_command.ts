import { foldSplit, stratifiedFolds } from "@simple-mnist/data";
import { evaluate } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { createRegistry } from "./backends.ts";
import { fixed, jsonNumber, Output, secondsSince } from "./context.ts";
import { UsageError } from "./errors.ts";
import { type Flag, helpText } from "./flags.ts";
import { chooseBackend, loadSplits } from "./inputs.ts";
import { parseRecipe, presetsHelp, PROGRESS_FLAGS, RECIPE_FLAGS } from "./recipe.ts";
import { fitRecipe } from "./training_run.ts";

/** `cross-validate`'s own flags, after the recipe's. */
const OWN_FLAGS: readonly Flag[] = [
  {
    name: "folds",
    type: "count",
    value: "K",
    description: "folds: each trains on K − 1 of them and is scored on the last",
    default: 5,
    allowZero: true,
  },
  ...PROGRESS_FLAGS,
];

const FLAGS: readonly Flag[] = [...RECIPE_FLAGS, ...OWN_FLAGS];

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
  const r = parseRecipe(args, OWN_FLAGS);
  const v = r.values;
  const folds = v.folds as number;
  const json = v.json === true;
  if (r.help) {
    console.log(
      helpText(
        "deno task cross-validate --folds K [train flags]",
        "Stratified K-fold cross-validation of a training recipe over the training images\\n" +
          "(after --limit): the images of each digit are shuffled by --seed and dealt to the K\\n" +
          "folds, and each fold in turn is the dev set of a net trained on the others. Prints\\n" +
          "each fold's dev accuracy and loss, then the mean ± the standard deviation (n − 1).\\n" +
          "--dev-size is not used: the folds are the dev sets.",
        FLAGS,
      ) + "\\n\\n" + presetsHelp(),
    );
    return;
  }
  if (folds < 2) {
    throw new UsageError(`--folds must be at least 2, got ${folds}`);
  }
  if (r.resume !== undefined) {
    throw new UsageError("--resume does not go with cross-validate: every fold starts afresh");
  }
  const backend = chooseBackend(createRegistry(), r.backend);
  const out = new Output({ json, quiet: v.quiet === true });
  const splits = await loadSplits(r.data, r.limit);
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
      r.data ?? "the bundled MNIST"
    }: ${folds} stratified folds`,
  );
  const scores: FoldScore[] = [];
  const start = performance.now();
  for (let k = 0; k < folds; k++) {
    const { train: fit, dev } = foldSplit(all, assignment, k);
    const foldStart = performance.now();
    const run = await fitRecipe(backend, r, { fit, dev, source: all.source }, prng, undefined, {
      announce: (line) => out.log(`Fold ${k + 1}/${folds}: ${line}`),
      onIteration: ({ iteration, iterations, accuracy, loss }) => {
        if (iteration % (v["log-every"] as number) === 0 || iteration === iterations - 1) {
          out.log(
            `  Iteration: ${iteration}, Accuracy: ${fixed(accuracy)}, Loss: ${fixed(loss, 4)}`,
          );
        }
      },
    });
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
      `Fold ${k + 1}/${folds}: dev accuracy ${fixed(score.devAccuracy, 4)}, loss ${
        fixed(result.loss, 4)
      } (${dev.count} images, ${score.seconds.toFixed(1)} s)`,
    );
  }
  const accuracies = scores.map((s) => s.devAccuracy);
  const mean = accuracies.reduce((a, b) => a + b, 0) / folds;
  const std = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (folds - 1));
  const losses = scores.map((s) => s.devLoss ?? Number.NaN);
  const meanLoss = losses.reduce((a, b) => a + b, 0) / folds;
  const seconds = secondsSince(start);
  if (json) {
    out.result(JSON.stringify(
      {
        backend: backend.name,
        preset: r.preset ?? null,
        samples: all.count,
        foldCount: folds,
        seed: r.seed,
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
      `${String(s.fold).padStart(4)}  ${fixed(s.devAccuracy, 4).padStart(12)}  ${
        fixed(s.devLoss ?? Number.NaN, 4).padStart(8)
      }`,
    );
  }
  out.result(
    `Mean dev accuracy ${fixed(mean, 4)} ± ${
      fixed(std, 4)
    } (standard deviation over ${folds} folds), mean dev loss ${fixed(meanLoss, 4)}; ${
      seconds.toFixed(1)
    } s on ${backend.name}`,
  );
}
