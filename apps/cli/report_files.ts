import { type Dataset, writeFileAtomic } from "@simple-mnist/data";
import type { EpochLogs } from "@simple-mnist/model";
import {
  historyCsv,
  type HistoryRow,
  parseHistoryCsv,
  renderReport,
  type ReportInput,
} from "@simple-mnist/report";
import type { Flags, ParsedFlags } from "@simple-mnist/command";

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

/** Writes `text` to `path` atomically (nothing half-written on failure). */
async function writeText(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, (write) => write(new TextEncoder().encode(text)));
}

/** Writes the history CSV (`--history`). */
export async function writeHistory(path: string, rows: readonly HistoryRow[]): Promise<void> {
  await writeText(path, historyCsv(rows));
}

/** Reads a history CSV (`report --history`), naming the file when it is missing. */
export async function readHistory(path: string): Promise<HistoryRow[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot read history from ${path}: no such file`);
    }
    throw error;
  }
  return parseHistoryCsv(text, path);
}

/** Renders and writes the HTML report; returns its size in bytes. */
export async function writeReport(path: string, input: ReportInput): Promise<number> {
  const html = await renderReport(input);
  await writeText(path, html);
  return new TextEncoder().encode(html).length;
}

/** Every flag of `flags` with the value it had, marking those left at their default. */
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
      ? flag.shown
      : Array.isArray(value)
      ? value.join(",")
      : String(value);
    if (text === undefined) return [`--${name}`, "not given"];
    return [`--${name}`, given ? text : `${text} (default)`];
  });
}

/** A model file's metadata (how it was trained) as table rows; values that are not text as JSON. */
export function metadataRows(metadata: Readonly<Record<string, unknown>>): [string, string][] {
  return Object.entries(metadata).map(([key, value]) => [
    key,
    typeof value === "string"
      ? value
      : typeof value === "number" && !Number.isInteger(value)
      ? String(Number(value.toPrecision(4)))
      : JSON.stringify(value),
  ]);
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
