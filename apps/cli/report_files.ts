import type { Dataset } from "@simple-mnist/data";
import { FileError, readFileBounded, writeFileAtomic } from "@simple-mnist/files";
import type { EpochLogs } from "@simple-mnist/model";
import {
  historyCsv,
  type HistoryRow,
  parseHistoryCsv,
  renderReport,
  type ReportInput,
  type RunTable,
} from "@simple-mnist/report";
import type { Flags, ParsedFlags } from "@simple-mnist/command";
import { RECIPE_KEYS } from "@simple-mnist/recipe";
import { FLAG_OF } from "./recipe_flags.ts";

/** One epoch's figures as the history CSV and the report hold them. */
export function historyRow(logs: EpochLogs): HistoryRow {
  return {
    iteration: logs.epoch,
    trainLoss: logs.loss,
    trainAccuracy: logs.accuracy,
    devLoss: logs.devLoss,
    devAccuracy: logs.devAccuracy,
    learningRate: logs.learningRate,
    seconds: logs.seconds,
  };
}

/** Writes the history CSV (`--history`), whole or not at all. */
export async function writeHistory(path: string, rows: readonly HistoryRow[]): Promise<void> {
  await writeFileAtomic(path, historyCsv(rows));
}

/** A history CSV larger than this is not one of ours (a million iterations is ~100 MB). */
const HISTORY_MAX_BYTES = 256 << 20;

/** Reads a history CSV (`report --history`), naming the file when it cannot be read. */
export async function readHistory(path: string): Promise<HistoryRow[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, { limit: HISTORY_MAX_BYTES, what: "a history CSV" });
  } catch (error) {
    throw new FileError(path, { action: "read history from", cause: error });
  }
  return parseHistoryCsv(new TextDecoder().decode(bytes), path);
}

/** Renders and writes the HTML report, whole or not at all; returns its size in bytes. */
export async function writeReport(path: string, input: ReportInput): Promise<number> {
  const html = new TextEncoder().encode(await renderReport(input));
  await writeFileAtomic(path, html);
  return html.length;
}

/**
 * How a setting left to its default reads when it has no value at all (no
 * `--history`, no `--early-stop`): the same words in every table.
 */
export const NOT_USED = "not used";

/**
 * Every flag of `flags` with the value it had; a flag not given says
 * "(default)" after its value, whatever its kind (`--json`: "false (default)").
 */
export function flagRows(
  flags: Flags,
  parsed: Pick<ParsedFlags<Flags>, "values" | "given">,
): [string, string][] {
  const values = new Map(Object.entries(parsed.values));
  return Object.entries(flags).map(([name, flag]) => {
    const given = parsed.given.has(name);
    const value = values.get(name);
    const text = !flag.takesValue
      ? String(value === true)
      : value === undefined
      ? flag.shown ?? NOT_USED
      : Array.isArray(value)
      ? value.join(",")
      : String(value);
    return [`--${name}`, given ? text : `${text} (default)`];
  });
}

/**
 * How `report` labels the settings a model file records (its `training`
 * metadata, as `train --save` writes it): metadata key → the flag that sets
 * it. The recipe's keys come from `FLAG_OF`, so a renamed setting needs no
 * change here. Keys listed as null are shown elsewhere (the architecture, in
 * the facts) and left out.
 */
export const TRAINED_WITH_LABELS: Readonly<Record<string, string | null>> = {
  backend: "--backend",
  data: "--data",
  ...Object.fromEntries(RECIPE_KEYS.map((key) => [key, `--${FLAG_OF[key]}`])),
  layers: null,
  net: null,
  architecture: null,
};

/** The figures a model file records of its run, by metadata key, as the report labels them. */
export const RESULT_LABELS: Readonly<Record<string, string>> = {
  trainAccuracy: "Train accuracy",
  devAccuracy: "Dev accuracy",
  testAccuracy: "Test accuracy",
  trainLoss: "Train loss",
  devLoss: "Dev loss",
  testLoss: "Test loss",
  samples: "Training images",
  devSamples: "Dev images",
  testSamples: "Test images",
  stoppedEarly: "Stopped early",
  bestIteration: "Best iteration",
};

/** A metadata value as text: lists comma-separated as a flag takes them, fractions to 4 digits. */
function metadataValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return value.join(",");
  return JSON.stringify(value);
}

/** A key the tables do not know, as words: `resumedFrom` → "resumed from". */
function keyAsWords(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/**
 * A model file's metadata as the report's tables: the settings it was
 * trained with, labelled by their flags (see {@linkcode TRAINED_WITH_LABELS}),
 * and the figures it recorded when saved. A value that is null or missing
 * (a setting not used) is left out; a key of neither table (a file from
 * another version) joins the settings, its name as words.
 */
export function metadataTables(metadata: Readonly<Record<string, unknown>>): RunTable[] {
  const given = Object.entries(metadata).filter(([, value]) =>
    value !== null && value !== undefined
  );
  const settings: [string, string][] = [];
  const results: [string, string][] = [];
  for (const [key, label] of Object.entries(TRAINED_WITH_LABELS)) {
    const value = metadata[key];
    if (label !== null && value !== null && value !== undefined) {
      settings.push([label, metadataValue(value)]);
    }
  }
  for (const [key, label] of Object.entries(RESULT_LABELS)) {
    const value = metadata[key];
    if (value !== null && value !== undefined) results.push([label, metadataValue(value)]);
  }
  for (const [key, value] of given) {
    if (!(key in TRAINED_WITH_LABELS) && !(key in RESULT_LABELS)) {
      settings.push([keyAsWords(key), metadataValue(value)]);
    }
  }
  return [
    { title: "Trained with", rows: settings },
    { title: "When saved", rows: results },
  ];
}

/** The part of a report that needs a labelled set: the set, its name and the net's probabilities. */
export function evaluationFor(
  set: Dataset,
  name: string,
  probabilities: NonNullable<ReportInput["evaluation"]>["probabilities"],
): ReportInput["evaluation"] {
  if (set.labels === undefined) return undefined;
  return {
    name,
    images: { count: set.count, features: set.features, pixels: set.pixels, labels: set.labels },
    probabilities,
  };
}
