import type { Dataset } from "@simple-mnist/data";
import { FileError, readFileBounded, writeFileAtomic } from "@simple-mnist/files";
import type { IterationEvent } from "@simple-mnist/model";
import {
  historyCsv,
  type HistoryRow,
  parseHistoryCsv,
  renderReport,
  type ReportInput,
} from "@simple-mnist/report";
import type { Flag, FlagValues } from "./flags.ts";

/** One iteration's figures as the history CSV and the report hold them. */
export function historyRow(event: IterationEvent): HistoryRow {
  return {
    iteration: event.iteration,
    trainLoss: event.loss,
    trainAccuracy: event.accuracy,
    devLoss: event.devLoss,
    devAccuracy: event.devAccuracy,
    learningRate: event.learningRate,
    seconds: event.seconds,
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

/** Every flag of a command with the value it had, marking those left at their default. */
export function flagRows(
  flags: readonly Flag[],
  values: FlagValues,
  args: readonly string[],
): [string, string][] {
  return flags.map((flag) => {
    const name = `--${flag.name}`;
    const given = args.some((a) => a === name || a.startsWith(`${name}=`));
    const value = values[flag.name];
    if (flag.type === "boolean") return [name, value === true ? "true" : "false"];
    if (value === undefined && flag.shown === undefined) return [name, "not given"];
    const text = value === undefined ? flag.shown! : String(value);
    return [name, given ? text : `${text} (default)`];
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
