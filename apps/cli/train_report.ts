import { AUGMENTS, createAugmenter } from "@simple-mnist/augment";
import type { Tensor } from "@simple-mnist/backend";
import { count, text } from "@simple-mnist/command";
import type { Dataset } from "@simple-mnist/data";
import {
  type Callback,
  type EpochLogs,
  type Evaluation,
  type Sequential,
  setProbabilities,
} from "@simple-mnist/model";
import type { RecipeOrigin, ResolvedRecipe } from "@simple-mnist/recipe";
import { RECIPE_KEYS } from "@simple-mnist/recipe";
import { type AugmentedSample, formatNumber, type HistoryRow } from "@simple-mnist/report";
import { seededPrng } from "@simple-mnist/random";
import { FLAG_OF, formatSetting } from "./recipe_flags.ts";
import { evaluationFor, historyRow, NOT_USED, writeHistory, writeReport } from "./report_files.ts";
import { architecture, convolutionFor, firstLayerWeights } from "./report_model.ts";

/** `train --report` and `--history`: their paths are checked before any work. */
export const TRAIN_REPORT_FLAGS = {
  report: text({ description: "write an HTML report of the run here", writes: true }),
  history: text({ description: "write every iteration's metrics here as CSV", writes: true }),
  "eval-every": count({
    description: "with --report or --history: evaluate the dev set every N iterations",
    default: 10,
  }),
};

/** Each recipe setting as the flag that gives it, its value, and where it came from. */
export function recipeRows(recipe: ResolvedRecipe, origin: RecipeOrigin): [string, string][] {
  return RECIPE_KEYS.map((key) => {
    const value = recipe[key];
    const shown = value === null ? NOT_USED : formatSetting(value);
    const from = origin[key] === "default"
      ? " (default)"
      : origin[key] === "preset"
      ? ` (preset ${recipe.preset})`
      : "";
    return [`--${FLAG_OF[key]}`, `${shown}${from}`];
  });
}

/** What a finished run hands the recorder to write its report. */
export interface FinishedRun<T extends Tensor> {
  readonly net: Sequential<T>;
  /** The run's settings, as the report's table shows them. */
  readonly settings: readonly [string, string][];
  readonly backend: string;
  readonly data: string;
  readonly sets: { fit: Dataset; dev: Dataset; test?: Dataset };
  readonly seconds: { load: number; train: number; setup: number };
  readonly results: { train: Evaluation; dev?: Evaluation; test?: Evaluation };
  /** The augmentation training used (`--augment`), if any: adds augmented samples. */
  readonly augment?: string;
  /** The run's seed, which also seeds the augmented samples' draws. */
  readonly seed: number;
}

/** Images in the augmented-samples section, and versions beside each. */
const AUGMENTED = { images: 6, versions: 7 } as const;

/**
 * The first training images beside augmented versions of them, drawn by a
 * fresh augmenter of the same kind (the run's own draws are not kept).
 */
export function augmentedSamples(
  name: string | undefined,
  set: Dataset,
  seed: number,
): { name: string; samples: AugmentedSample[] } | undefined {
  const kind = AUGMENTS.find((augment) => augment === name);
  if (kind === undefined || set.width !== set.height) return undefined;
  const augment = createAugmenter(kind, seededPrng(seed), set.width);
  if (augment === undefined) return undefined;
  const samples = Array.from({ length: Math.min(AUGMENTED.images, set.count) }, (_, index) => {
    const original = set.pixels.slice(index * set.features, (index + 1) * set.features);
    const versions = Array.from({ length: AUGMENTED.versions }, () => {
      const out = new Uint8Array(set.features);
      augment(original, out);
      return out;
    });
    return { index, label: set.labels?.[index], original, versions };
  });
  return { name: kind, samples };
}

/**
 * Records a training run for `--history` and `--report`, as a callback:
 * keeps every epoch's figures, and writes the files at the end. It asks for
 * the dev set to be evaluated every `--eval-every` epochs only when one of
 * them is wanted, so a plain run costs nothing more.
 */
export class TrainRecorder implements Callback {
  readonly #report: string | undefined;
  readonly #history: string | undefined;
  readonly #evalEvery: number;
  readonly #rows: HistoryRow[] = [];

  /** @param options Where `--report` and `--history` go, if given, and `--eval-every`. */
  constructor(options: { report?: string; history?: string; evalEvery: number }) {
    this.#report = options.report;
    this.#history = options.history;
    this.#evalEvery = options.evalEvery;
  }

  /** Whether anything is recorded. */
  get wanted(): boolean {
    return this.#report !== undefined || this.#history !== undefined;
  }

  /**
   * How often the dev set is evaluated for the curves: every `--eval-every`
   * epochs (and after the last), only when a curve is wanted.
   */
  get devEvery(): number | undefined {
    return this.wanted ? this.#evalEvery : undefined;
  }

  /** Keeps one epoch's figures. */
  onEpochEnd(logs: EpochLogs): void {
    if (this.wanted) this.#rows.push(historyRow(logs));
  }

  /**
   * Writes the history CSV and the report, as asked.
   *
   * @returns The report's size in bytes (0 if none was asked for).
   */
  async write<T extends Tensor>(run: FinishedRun<T>): Promise<number> {
    if (this.#history !== undefined) await writeHistory(this.#history, this.#rows);
    if (this.#report === undefined) return 0;
    const { net, sets, seconds, results } = run;
    const shown = sets.test?.labels !== undefined ? sets.test : sets.dev;
    const shownName = shown === sets.test ? "the test set" : "the dev set";
    const evaluation = shown.labels !== undefined && shown.count > 0
      ? evaluationFor(shown, shownName, await setProbabilities(net, shown))
      : undefined;
    const result = (name: string, r: Evaluation | undefined) =>
      [
        `${name} accuracy`,
        r === undefined
          ? "n/a"
          : `${formatNumber(r.accuracy)} (loss ${formatNumber(r.loss, 4)}, ${r.count} images)`,
      ] as const;
    const iterations = this.#rows.length;
    return await writeReport(this.#report, {
      title: `simple-mnist training report: ${architecture(net)}`,
      run: {
        facts: [
          ["Architecture", architecture(net)],
          ["Backend", run.backend],
          [
            "Data",
            `${run.data}: ${sets.fit.count} training, ${sets.dev.count} dev${
              sets.test ? `, ${sets.test.count} test` : ""
            } images`,
          ],
          result("Train", results.train),
          result("Dev", results.dev),
          result("Test", results.test),
          ["Load time", `${seconds.load.toFixed(2)} s`],
          [
            "Training time",
            `${seconds.train.toFixed(2)} s (${seconds.setup.toFixed(2)} s setup${
              iterations > 0
                ? `, then ${
                  (1000 * (seconds.train - seconds.setup) / iterations).toFixed(1)
                } ms/iteration`
                : ""
            }${devNote(this.#rows)})`,
          ],
          ["Written", new Date().toISOString()],
        ],
        tables: [{ title: "Flags", rows: [...run.settings] }],
      },
      history: this.#rows,
      evaluation,
      firstLayer: await firstLayerWeights(net),
      convolution: await convolutionFor(net, evaluation),
      augmented: augmentedSamples(run.augment, sets.fit, run.seed),
    });
  }
}

/** How often the dev set was evaluated, from the history itself. */
function devNote(rows: readonly HistoryRow[]): string {
  const evaluated = rows.filter((r) => r.devLoss !== undefined).length;
  if (evaluated === 0) return "";
  return evaluated === rows.length
    ? ", dev evaluated after every iteration"
    : `, dev evaluated after ${evaluated} of the ${rows.length} iterations`;
}
